"""Dated rate tables: a parameter looked up by keys in the version in force on a day the rule
names, typed when the call loads, never defaulting silently, explained with the value, the
version's first day and its source."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._keys import code_key
from callrules.budget.tables import RateTable, TableSyntaxError, TableVersion, parse_table
from tests.conftest import eligible_dict
from tests.helpers import decision_agrees
from tests.laws import settings
from tests.test_definitions import minimal_call
from tests.test_i18n import code_tokens

OLD = "Arrêté du 26 février 2019, art. 1"
NEW = "Arrêté du 20 septembre 2023, art. 1"
#: The French State's lodging rates in metropolitan France, keyed by a class of place.
LODGING: dict[str, Any] = {
    "table": {"keys": ["place"], "value": "money", "currency": "EUR"},
    "versions": [
        {"from": date(2019, 3, 1), "source": OLD,
         "rows": [{"key": ["paris"], "value": "110.00"}, {"key": ["*"], "value": "70.00"}]},
        {"from": date(2023, 9, 22), "source": NEW,
         "rows": [{"key": ["paris"], "value": "140.00"},
                  {"key": ["large_city"], "value": "120.00"},
                  {"key": ["*"], "value": "90.00"}]},
    ]}
LABELS = {"parameters": {"lodging_night": {"fr": "Nuitée", "en": "Lodging per night"}},
          "fields": {}}
PLACE = {"application": {"place": {"type": "choice", "values": ["paris", "large_city",
                                                                 "elsewhere", "overseas"],
                                   "label": {"fr": "Lieu", "en": "Place"}}}}
PLACES = {"place": {"fields": ["fields.place"], "values": {
    "paris": {"fr": "Paris", "en": "Paris"},
    "large_city": {"fr": "grande ville", "en": "large city"},
    "elsewhere": {"fr": "ailleurs", "en": "elsewhere"},
    "overseas": {"fr": "outre-mer", "en": "overseas"}}}}
#: Each visitor's lodging (the lines for them in that category) is at most the rate for the
#: application's place, on the day of their arrival, times their nights.
LODGING_RULE: dict[str, Any] = {
    "op": "each", "path": "visitors", "as": "visitor", "rule": {
        "op": "compare", "cmp": "<=",
        "left": {"sum": "$root.budget.lines", "of": "amount", "where": {"op": "all", "rules": [
            {"op": "compare", "path": "beneficiary", "cmp": "==", "to": {"path": "$visitor.id"}},
            {"op": "in", "path": "category", "set": ["lodging"]}]}},
        "to": {"times": [
            {"lookup": "lodging_night", "key": [{"path": "$root.fields.place"}],
             "on": {"path": "stay.arrival"}},
            {"days_between": [{"path": "stay.arrival"}, {"path": "stay.departure"}]}]}}}


def table_call(rule: dict[str, Any] | None = None, table: Any = None, **replace: Any
               ) -> callrules.Call:
    data = minimal_call(rule or LODGING_RULE, fields=PLACE, vocabularies=PLACES, labels=LABELS,
                        parameters={"lodging_night": copy.deepcopy(table or LODGING)})
    data.update(replace)
    return callrules.Call.from_dict(data)


def application(place: str, arrival: str, nights: int, lodging: str) -> dict[str, Any]:
    """The eligible example with one visitor staying ``nights`` from ``arrival``, whose
    lodging line is ``lodging`` euros."""
    app = eligible_dict()
    start = date.fromisoformat(arrival)
    app["visitors"] = app["visitors"][:1]
    app["visitors"][0]["stay"] = {"arrival": arrival, "departure": date.fromordinal(
        start.toordinal() + nights).isoformat()}
    app["documents"] = [d for d in app["documents"] if d.get("owner") in (None, "v1")]
    app["budget"]["lines"] = [{"category": "lodging", "beneficiary": "v1",
                               "amount": {"amount": lodging, "currency": "EUR"}}]
    app["fields"] = {"place": place}
    return app


def findings(call: callrules.Call, app: dict[str, Any]) -> list[callrules.Finding]:
    parsed = call.parse(app)
    found = call.program.findings(parsed)
    assert decision_agrees(call, parsed, found)  # decision = explanation
    return [f.with_labels(call.labels) for f in found]


class TestTheVersionInForce:
    @pytest.mark.parametrize(("arrival", "rate"), [
        ("2023-09-21", "110.00"), ("2023-09-22", "140.00"), ("2023-09-23", "140.00"),
        ("2019-03-01", "110.00")])
    def test_the_day_of_arrival_chooses_the_version(self, arrival: str, rate: str) -> None:
        """The version in force is the last whose first day is on or before the day named:
        the day before 22 September 2023 reads 110 EUR, that day and after 140 EUR."""
        call = table_call()
        limit = callrules.Money(rate, "EUR")
        cents = callrules.Money("0.01", "EUR")
        assert not findings(call, application("paris", arrival, 1, rate))
        (finding,) = findings(call, application("paris", arrival, 1, str((limit + cents).amount)))
        assert (finding.code, finding.ctx["limit"], finding.ctx["excess"]) == (
            "above_maximum", limit, cents)
        (used,) = finding.ctx["rates"]  # type: ignore[misc]
        assert used["value"] == limit and used["on"] == date.fromisoformat(arrival)
        assert used["source"] == (NEW if rate == "140.00" else OLD)

    def test_before_the_first_version_no_rate_is_in_force(self) -> None:
        """The day before the first version is a finding naming the table's first day, never
        a default."""
        (finding,) = findings(table_call(), application("paris", "2019-02-28", 1, "1.00"))
        assert finding.code == "no_rate_in_force"
        assert finding.ctx["first"] == date(2019, 3, 1)
        assert finding.ctx["on"] == date(2019, 2, 28)
        assert finding.message("fr") == (
            "La grille de l’appel «\u202fNuitée\u202f» ne donne aucun taux au 28 février "
            "2019\u202f: "
            "ses premiers taux prennent effet le 1er mars 2019.")

    def test_an_instant_is_read_as_its_day_in_the_calls_zone(self) -> None:
        """Submitted at 23:30 UTC on 21 September 2023, it is already the 22nd in Paris: the
        new version applies."""
        rule = {"op": "compare", "cmp": "<=", "left": {"sum": "budget.lines", "of": "amount"},
                "to": {"lookup": "lodging_night", "key": ["paris"],
                       "on": {"path": "submitted_at"}}}
        call = table_call(rule)
        app = application("paris", "2026-09-14", 1, "140.00")
        app["submitted_at"] = "2023-09-21T23:30:00+00:00"
        assert not findings(call, app)
        app["submitted_at"] = "2023-09-21T21:59:59+00:00"
        (finding,) = findings(call, app)
        assert finding.ctx["limit"] == callrules.Money("110.00", "EUR")


class TestRows:
    @pytest.mark.parametrize(("place", "rate"), [("paris", "140.00"),
                                                 ("large_city", "120.00"),
                                                 ("elsewhere", "90.00")])
    def test_the_first_row_that_matches_wins(self, place: str, rate: str) -> None:
        """Rows are tried in the order written; ``*`` is the call's own "any other"."""
        call = table_call()
        two_nights = Decimal(rate) * 2
        assert not findings(call, application(place, "2026-09-14", 2, str(two_nights)))
        (finding,) = findings(call, application(place, "2026-09-14", 2, "500.00"))
        assert finding.ctx["limit"] == callrules.Money(two_nights, "EUR")

    def test_without_a_star_a_missing_row_is_a_finding(self) -> None:
        """A table without ``*`` has no rate for a place it does not list: the finding says
        which table and which place, in words."""
        table = copy.deepcopy(LODGING)
        table["versions"][1]["rows"] = table["versions"][1]["rows"][:2]
        (finding,) = findings(table_call(table=table),
                              application("overseas", "2026-09-14", 1, "1.00"))
        assert finding.code == "no_rate"
        assert finding.ctx["key"] == ("overseas",)
        assert finding.message("en") == ("The call's table “Lodging per night” gives no rate "
                                          "for overseas on September 14, 2026.")

    def test_codes_of_the_wrong_number_find_no_row(self) -> None:
        """From Python, a lookup with fewer or more codes than the table has keys finds no
        row (a rule's lookup is checked at load instead)."""
        table = parse_table("lodging_night", LODGING)
        with pytest.raises(callrules.NoRateError) as caught:
            table.lookup(["paris", "summer"], date(2026, 1, 1))
        assert caught.value.code == "no_rate"

    def test_a_code_not_given_is_taken_by_any_other_only(self) -> None:
        """Without a place, the key is matched as the planner matches it: only a ``"*"``
        row takes it (here 90.00 a night), never a pass by default."""
        app = application("paris", "2026-09-14", 1, "999.00")
        del app["fields"]
        (finding,) = findings(table_call(), app)
        assert finding.code == "above_maximum" and finding.ctx["limit"].amount == 90

    @settings(max_examples=300, deadline=None)
    @given(rows=st.lists(st.tuples(st.sampled_from(["a", "b", "*"]),
                                   st.sampled_from(["x", "y", "*"]),
                                   st.sampled_from(["Saint-Éloi", "Sainte-Anne", "*"])),
                         min_size=1, max_size=12),
           key=st.tuples(st.sampled_from(["a", "A", "b", "c", None]),
                         st.sampled_from(["x", "y", "z", None]),
                         st.sampled_from(["SAINT ELOI", "saint-éloi", "Sainte Anne", "x",
                                          None])))
    def test_the_index_finds_the_first_matching_row(
            self, rows: list[tuple[str, str, str]], key: tuple[str | None, ...]) -> None:
        """Law: the row a lookup finds is the first, in written order, whose codes each
        match the key's (as codes match, in any case or with spaces for hyphens) or are
        ``*`` (a code not given matched by ``*`` only), as a scan of the rows would find
        it; a lookup makes one dictionary access per shape of key, whatever the rows."""
        version = TableVersion.of(date(2020, 1, 1), "s",
                                  [(row, index) for index, row in enumerate(rows)])
        table = RateTable("t", ("k1", "k2", "k3"), "int", None, (version,))
        expected = next((i for i, row in enumerate(rows) if all(
            r == "*" or (k is not None and code_key(r) == code_key(k))
            for r, k in zip(row, key, strict=True))), None)
        try:
            found = table.lookup(key, date(2020, 1, 1)).value
        except callrules.NoRateError as error:
            assert error.code == "no_rate"
            found = None
        assert found == expected
        assert table.probes == len({tuple(c == "*" for c in row) for row in rows}) <= 8

    @settings(max_examples=10, deadline=None)
    @given(count=st.integers(1, 3000))
    def test_a_lookup_is_counted_the_same_whatever_the_rows(self, count: int) -> None:
        """Law: the work a call is estimated at for a lookup over every visitor does not
        grow with the rows of the table (each a "*" in one key), since a lookup does not
        walk them; it grows with the visitors it is made for."""
        table = {"table": {"keys": ["place", "kind"], "value": "integer"}, "versions": [{
            "from": "2020-01-01", "source": "s", "rows": [
                {"key": [f"p{i}", "*"], "value": i} for i in range(count)]}]}
        check = {"op": "each", "path": "visitors", "rule": {
            "op": "compare", "cmp": ">=", "to": 0, "left": {
                "lookup": "rate", "on": {"path": "stay.arrival"},
                "key": [{"path": "id"}, {"path": "category"}]}}}
        few = copy.deepcopy(table)
        few["versions"][0]["rows"] = few["versions"][0]["rows"][:1]
        works = [callrules.Call.from_dict(minimal_call(
            check, parameters={"rate": t})).program.work for t in (table, few)]
        assert works[0] == works[1]


class TestValuesOfEveryKind:
    @pytest.mark.parametrize(("value", "written", "to", "ok"), [
        ("decimal", "0.25", {"decimal": "0.25"}, True),
        ("decimal", "0.25", {"decimal": "0.26"}, False),
        ("integer", 3, 3, True), ("integer", 3, 4, False),
        ("code", "zone_a", "zone_a", True), ("code", "zone_a", "zone_b", False)])
    def test_a_table_of_decimals_whole_numbers_or_codes(self, value: str, written: Any,
                                                        to: Any, ok: bool) -> None:
        """A lookup has the kind of the table's values, compared as any other value (a code
        compared with is one a row gives: another row gives ``zone_b``)."""
        rows = [{"key": ["FR", "*"], "value": written}]
        if value == "code":
            rows.append({"key": ["DE", "*"], "value": "zone_b"})
        table = {"table": {"keys": ["country", "season"], "value": value},
                 "versions": [{"from": "2020-01-01", "source": "Annex II", "rows": rows}]}
        rule = {"op": "compare", "cmp": "==", "to": to, "left": {
            "lookup": "lodging_night", "key": [{"path": "host.unit.location.country"}, "high"],
            "on": "2026-01-01"}}
        call = table_call(rule, table)
        assert (not findings(call, application("paris", "2026-09-14", 1, "1.00"))) is ok


class TestTypedWhenTheCallLoads:
    @pytest.mark.parametrize(("lookup", "where"), [
        ({"lookup": "lodging_night", "key": ["a", "b"], "on": "2026-01-01"}, "key"),
        ({"lookup": "lodging_night", "key": "paris", "on": "2026-01-01"}, "key"),
        ({"lookup": "lodging_night", "key": [{"path": "submitted_at"}], "on": "2026-01-01"},
         0),
        ({"lookup": "lodging_night", "key": ["paris"], "on": {"path": "id"}}, "on"),
        ({"lookup": "lodging_night", "key": ["paris"]}, None),
        ({"lookup": "lodging", "key": ["paris"], "on": "2026-01-01"}, "lookup"),
        ({"lookup": "cap", "key": ["paris"], "on": "2026-01-01"}, "lookup"),
        ({"lookup": "lodging_night", "key": ["paris"], "on": "2026-01-01", "at": 1}, None),
    ])
    def test_a_lookup_that_cannot_work_is_refused(self, lookup: dict[str, Any],
                                                  where: str | int | None) -> None:
        """The key count, each key's kind (text), ``on`` (a date or instant) and the table
        itself are checked at load, with the place of the mistake."""
        rule = {"op": "compare", "cmp": "<=", "left": {"sum": "budget.lines", "of": "amount"},
                "to": lookup}
        with pytest.raises(callrules.DefinitionError) as caught:
            table_call(rule, parameters={
                "lodging_night": LODGING, "cap": {"amount": "1.00", "currency": "EUR"}})
        loc = caught.value.loc
        assert loc[:4] == ("rules", 0, "check", "to")
        if where is not None:
            assert where in loc

    def test_the_kind_of_a_lookup_is_that_of_the_tables_values(self) -> None:
        """Money from a table does not compare with a whole number."""
        rule = {"op": "compare", "cmp": "<=", "left": {"count": "visitors"},
                "to": {"lookup": "lodging_night", "key": ["paris"], "on": "2026-01-01"}}
        with pytest.raises(callrules.DefinitionError,
                           match="cannot compare a whole number with an amount of money"):
            table_call(rule)

    def test_a_table_is_not_a_plain_parameter(self) -> None:
        """``{ param = "table" }`` is refused: a table is read with ``lookup``."""
        rule = {"op": "compare", "cmp": "<=", "left": {"sum": "budget.lines", "of": "amount"},
                "to": {"param": "lodging_night"}}
        with pytest.raises(callrules.DefinitionError) as caught:
            table_call(rule)
        assert caught.value.code == "wrong_type"


def _bad(change: Any) -> dict[str, Any]:
    table = copy.deepcopy(LODGING)
    change(table)
    return table


class TestTablesAsWritten:
    @pytest.mark.parametrize(("change", "loc"), [
        (lambda t: t.pop("versions"), ()),
        (lambda t: t.update(table="money"), ("table",)),
        (lambda t: t["table"].update(keys=[]), ("table", "keys")),
        (lambda t: t["table"].update(keys=["a", "a"]), ("table", "keys")),
        (lambda t: t["table"].update(keys=["a", "b", "c", "d", "e"]), ("table", "keys")),
        (lambda t: t["table"].update(value="float"), ("table", "value")),
        (lambda t: t["table"].pop("currency"), ("table", "currency")),
        (lambda t: t["table"].update(currency="XYZ"), ("table", "currency")),
        (lambda t: t.update(versions=[]), ("versions",)),
        (lambda t: t["versions"].reverse(), ("versions", 1, "from")),
        (lambda t: t["versions"][0].update({"from": "22/09/2023"}), ("versions", 0, "from")),
        (lambda t: t["versions"][0].update({"from": datetime(2023, 1, 1, tzinfo=UTC)}),
         ("versions", 0, "from")),
        (lambda t: t["versions"][0].update(source=""), ("versions", 0, "source")),
        (lambda t: t["versions"][0].pop("source"), ("versions", 0)),
        (lambda t: t["versions"][0].update(rows=[]), ("versions", 0, "rows")),
        (lambda t: t["versions"][0]["rows"][1].update(key=["*", "*"]),
         ("versions", 0, "rows", 1, "key")),
        (lambda t: t["versions"][0]["rows"][1].update(value=90.0),
         ("versions", 0, "rows", 1, "value")),
        (lambda t: t["versions"][0]["rows"][1].update(value="90,00"),
         ("versions", 0, "rows", 1, "value")),
        (lambda t: t["versions"][0]["rows"][1].update(note="x"), ("versions", 0, "rows", 1)),
        (lambda t: t["versions"][0].update(rows=[{"key": ["a"], "value": "1"}] * 5001),
         ("versions", 0, "rows")),
    ])
    def test_a_malformed_table_is_refused_where_it_is_wrong(self, change: Any,
                                                            loc: tuple[Any, ...]) -> None:
        """Every part of a table is checked at load, and the error points inside it."""
        with pytest.raises(callrules.DefinitionError) as caught:
            table_call(table=_bad(change))
        assert caught.value.code == "bad_parameter"
        assert caught.value.loc == ("parameters", "lodging_night", *loc)

    def test_a_row_given_twice_is_refused_naming_the_table_and_its_codes(self) -> None:
        """Two rows of one version for one place (``paris`` and ``PARIS``, as codes match)
        are refused when the call loads, at the later row: the first would silently win."""
        table = copy.deepcopy(LODGING)
        table["versions"][1]["rows"].insert(2, {"key": ["PARIS"], "value": "90.00"})
        with pytest.raises(callrules.DefinitionError) as caught:
            table_call(table=table)
        assert caught.value.code == "bad_parameter"
        assert caught.value.loc == ("parameters", "lodging_night", "versions", 1, "rows", 2,
                                    "key")
        assert all(word in str(caught.value) for word in ("lodging_night", "'PARIS'",
                                                          "'paris'", "never used"))

    @settings(max_examples=300, deadline=None)
    @given(rows=st.lists(st.tuples(st.sampled_from(["paris", "PARIS", "Saint-Éloi",
                                                    "saint eloi", "lyon", "*"]),
                                   st.sampled_from(["x", "X", "y", "*"])),
                         min_size=1, max_size=8))
    @example(rows=[("saint eloi", "x"), ("Saint-Éloi", "X")])  # att46: quoted as ``\\xc9``
    def test_a_table_loads_only_if_every_row_can_be_found(
            self, rows: list[tuple[str, str]]) -> None:
        """Law: a version loads if and only if each of its rows is the row some lookup
        finds (no earlier row holds, at each key, its code as codes match or ``*``); else
        the first row never found is refused, where it is, naming the table and its codes
        as the author wrote them (accents and all, never escaped)."""
        def covers(earlier: tuple[str, ...], row: tuple[str, ...]) -> bool:
            return all(e == "*" or (r != "*" and code_key(e) == code_key(r))
                       for e, r in zip(earlier, row, strict=True))
        dead = next((i for i, row in enumerate(rows)
                     if any(covers(rows[j], row) for j in range(i))), None)
        raw = {"table": {"keys": ["place", "kind"], "value": "integer"}, "versions": [{
            "from": "2020-01-01", "source": "s",
            "rows": [{"key": list(row), "value": i} for i, row in enumerate(rows)]}]}
        if dead is None:
            table = parse_table("rates", raw)
            for index, row in enumerate(rows):  # each row is the one its own codes find
                assert table.lookup([None if c == "*" else c for c in row],
                                    date(2020, 1, 1)).value == index
            return
        with pytest.raises(TableSyntaxError) as caught:
            parse_table("rates", raw)
        assert caught.value.loc == ("versions", 0, "rows", dead, "key")
        assert "rates" in str(caught.value) and repr(rows[dead][0]) in str(caught.value)

    @pytest.mark.parametrize(("value", "bad"), [("integer", True), ("integer", 10**16),
                                                ("code", ""), ("code", 3)])
    def test_values_of_the_wrong_kind_are_refused(self, value: str, bad: Any) -> None:
        """Whole numbers are whole (not true, at most 15 digits); codes are short texts."""
        with pytest.raises(ValueError, match="a value of this table is"):
            parse_table("t", {"table": {"keys": ["k"], "value": value}, "versions": [
                {"from": "2020-01-01", "source": "s", "rows": [{"key": ["a"], "value": bad}]}]})

    def test_a_toml_table_reads_as_the_reference_writes_it(self) -> None:
        """The form documented in the call-file reference loads from TOML."""
        text = """
id = "mini"
version = "1"
timezone = "Europe/Paris"
currency = "EUR"
languages = ["en"]
title = { en = "Minimal call" }

[parameters.lodging_night]
table = { keys = ["place"], value = "money", currency = "EUR" }

[[parameters.lodging_night.versions]]
from = 2023-09-22
source = "Arrêté du 20 septembre 2023 modifiant l'arrêté du 3 juillet 2006, art. 1"
rows = [ { key = ["paris"], value = "140.00" }, { key = ["*"], value = "90.00" } ]

[labels.parameters]
lodging_night = { en = "Lodging rate per night" }

[[clauses]]
id = "cap"
title = { en = "Cap" }
text = { en = "Lodging at most the rate." }

[[rules]]
clause = "cap"
check = { op = "compare", cmp = "<=", left = { sum = "budget.lines", of = "amount" }, \
to = { lookup = "lodging_night", key = ["paris"], on = { path = "submitted_at" } } }
"""
        call = callrules.Call.from_text(text)
        table = call.parameters["lodging_night"].value
        assert isinstance(table, RateTable)
        assert table.lookup(["lyon"], date(2026, 1, 1)).value == callrules.Money("90.00", "EUR")
        assert table.lookup(["paris"], date(2026, 1, 1)).source.startswith("Arrêté du 20")


class TestHistory:
    def test_an_amendment_replaces_the_whole_table_as_of_its_instant(self) -> None:
        """A table amended on 1 March 2026 (Paris at 150 EUR, no other row) keeps its
        history: as of February the old table applies, as of March the new one, whole."""
        amended = copy.deepcopy(LODGING)
        amended["versions"][1]["rows"] = [{"key": ["paris"], "value": "150.00"}]
        history = {"history": [{"from": datetime(2026, 1, 1), "value": LODGING},
                               {"from": datetime(2026, 3, 1), "value": amended,
                                "label": "Avenant n° 1"}]}
        call = table_call(parameters={"lodging_night": history})
        february = call.at(datetime(2026, 2, 15, tzinfo=UTC))
        march = call.at(datetime(2026, 3, 15, tzinfo=UTC))
        paris = application("paris", "2026-09-14", 1, "150.00")
        elsewhere = application("elsewhere", "2026-09-14", 1, "90.00")
        assert [f.code for f in findings(february, paris)] == ["above_maximum"]
        assert not findings(march, paris)
        assert not findings(february, elsewhere)
        assert [f.code for f in findings(march, elsewhere)] == ["no_rate"]
        assert march.amendments == ("parameters.lodging_night: Avenant n° 1",)

    def test_the_entries_of_a_history_have_one_shape(self) -> None:
        """A history cannot change a table's keys, the kind of its values or its currency:
        rules are typed once."""
        other = copy.deepcopy(LODGING)
        other["table"]["currency"] = "CHF"
        history = {"history": [{"from": datetime(2026, 1, 1), "value": LODGING},
                               {"from": datetime(2026, 3, 1), "value": other}]}
        with pytest.raises(callrules.DefinitionError) as caught:
            table_call(parameters={"lodging_night": history})
        assert caught.value.code == "bad_history"


class TestExplained:
    @pytest.mark.parametrize("lang", ["fr", "en", "es", "pt"])
    def test_the_rate_its_version_and_source_are_told_in_words(self, lang: str) -> None:
        """A finding over a rate shows the value, the day its version takes effect and its
        source, with the table's label and the place's: no code, no path."""
        (finding,) = findings(table_call(), application("large_city", "2026-09-14", 2,
                                                        "240.01"))
        text = finding.message(lang)
        assert NEW in text and ("240" in text)
        label = {"fr": "Nuitée", "en": "Lodging per night"}.get(lang, "Nuitée")
        assert label in text
        assert "grande ville" in text or "large city" in text
        assert code_tokens(text.replace(NEW, "")) == []

    def test_json_keeps_the_codes(self) -> None:
        """The JSON of a finding keeps the table's name, the key's codes and the days."""
        (finding,) = findings(table_call(), application("large_city", "2026-09-14", 2,
                                                        "240.01"))
        (used,) = finding.to_dict()["ctx"]["rates"]
        assert used == {"table": "lodging_night", "key": ["large_city"],
                        "fields": ["$root.fields.place"], "on": "2026-09-14",
                        "value": {"amount": "120.00", "currency": "EUR"},
                        "from": "2023-09-22", "source": NEW}


class TestPerPersonSums:
    def test_a_sum_per_person_inside_each_visitor_is_indexed(self) -> None:
        """Summing the budget lines of each visitor would visit 1,000 × 10,000 lines unless
        grouped by beneficiary: filtered by ``beneficiary == $visitor.id`` it loads, and
        filtered by the visitor in a shape no index serves it is refused as too much work.
        Without a filter on the visitor (every lodging line, every line) the sum is the same
        for each visitor: worked out once per application, it loads."""
        table_call()
        unindexed = copy.deepcopy(LODGING_RULE)
        unindexed["rule"]["left"]["where"]["rules"][0] = {"op": "not", "rule": {
            "op": "compare", "path": "beneficiary", "cmp": "!=",
            "to": {"path": "$visitor.id"}}}
        with pytest.raises(callrules.DefinitionError) as caught:
            table_call(unindexed)
        assert caught.value.code == "too_much_work"
        unindexed["rule"]["left"]["where"] = {"op": "in", "path": "category",
                                              "set": ["lodging"]}
        table_call(unindexed)
        del unindexed["rule"]["left"]["where"]
        table_call(unindexed)

    @settings(max_examples=60, deadline=None)
    @given(lines=st.lists(st.tuples(st.sampled_from(["v1", "v2", "v3"]),
                                    st.sampled_from(["lodging", "meals"]),
                                    st.integers(0, 50_000)), max_size=8),
           cap=st.integers(0, 60_000))
    def test_grouped_sums_agree_with_the_filter(self, lines: list[tuple[str, str, int]],
                                                cap: int) -> None:
        """Law: each visitor's grouped sum fails exactly where summing the lines that pass
        the filter exceeds the cap (decision and explanation alike)."""
        rule = copy.deepcopy(LODGING_RULE)
        rule["rule"]["to"] = {"amount": f"{cap / 100:.2f}", "currency": "EUR"}
        call = table_call(rule)
        app = eligible_dict()
        app["fields"] = {"place": "paris"}
        app["budget"]["lines"] = [{"category": c, "beneficiary": b,
                                   "amount": {"amount": f"{a / 100:.2f}", "currency": "EUR"}}
                                  for b, c, a in lines]
        failing = {f.loc for f in findings(call, app)}
        expected = {("visitors", i) for i, v in enumerate(("v1", "v2"))
                    if sum(a for b, c, a in lines if b == v and c == "lodging") > cap}
        assert failing == expected
