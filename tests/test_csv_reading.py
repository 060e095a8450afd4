"""An application reads the same from a CSV row as from JSON: each cell is read through the
call's form, as its field's type expects (whole numbers, yes/no, lists, answers)."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import tomllib
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._in_words import cut
from tests.conftest import eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings

BUNDLED = callrules.calls.load("cnrs-amsud-2026").source
LANGS = ("fr", "en", "es", "pt")


def _label(name: str) -> dict[str, str]:
    return {lang: name.replace("_", " ").capitalize() for lang in LANGS}


#: A declaration of every type, alone and as a list, at every level of an application.
DECLARED = {
    "count": {"type": "integer", "min": -5, "max": 10**12}, "flag": {"type": "boolean"},
    "note": {"type": "text"}, "ratio": {"type": "decimal"}, "since": {"type": "date"},
    "stage": {"type": "choice", "values": ["phd_student", "postdoc", "true", "5"]},
    "counts": {"type": "integer", "list": True}, "tags": {"type": "text", "list": True},
    "flags": {"type": "boolean", "list": True}, "grant": {"type": "money"},
}
LEVELS = {"application": (), "host": ("host",), "visitors": ("visitors", 0),
          "documents": ("documents", 0), "budget_lines": ("budget", "lines", 0)}


def _call() -> callrules.Call:
    with open(BUNDLED, "rb") as file:
        data = tomllib.load(file)
    data["fields"] = {level: {name: {**spec, "label": _label(name)}
                              for name, spec in DECLARED.items()} for level in LEVELS}
    return callrules.Call.from_dict(data, source="declared everywhere")


CALL = _call()

# -- how the docs say a CSV row is written (docs/reference/cli.md, "CSV") ----------------------
_JSON_SCALAR = re.compile(r'true|false|null|-?(?:0|[1-9][0-9]*)(?:[.][0-9]+)?'
                          r'(?:[eE][+-]?[0-9]+)?|".*"', re.S)


def _rendered(text: str) -> list[str]:
    """The report of the first record of the CSV ``text``, in each language."""
    report = callrules.evaluate_many(CALL, callrules.records_from_csv(
        io.StringIO(text), source="app.csv"))[0]
    return [report.render(lang) for lang in LANGS]


def answer_cell(value: Any) -> str:
    """An answer as its cell: a JSON scalar as JSON writes it; text as it is, unless it
    would read as a JSON scalar (then as a JSON string)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if (
            not value or _JSON_SCALAR.fullmatch(value)) else value
    return json.dumps(value)


def _one_cell(items: list[Any]) -> bool:
    """Whether a list can be one cell, its items joined by semicolons."""
    return bool(items) and all(
        not isinstance(i, (dict, list)) and (not isinstance(i, str) or (
            i and ";" not in i and i == i.strip())) for i in items)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten(value: Any, prefix: str, out: dict[str, str], joined: bool) -> None:
    """The cells of ``value`` under the column ``prefix``: positions for list items (or one
    cell joined by semicolons when ``joined`` and the items allow it); nothing for null."""
    if value is None:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if prefix == "answers.":
                out[prefix + key] = answer_cell(item)
            else:
                flatten(item, f"{prefix}{key}.", out, joined)
    elif isinstance(value, list):
        if joined and _one_cell(value):
            out[prefix[:-1]] = "; ".join(_cell(i) for i in value)
        else:
            for number, item in enumerate(value):
                flatten(item, f"{prefix}{number}.", out, joined)
    else:
        out[prefix[:-1]] = _cell(value)


def as_csv(app: dict[str, Any], joined: bool) -> str:
    cells: dict[str, str] = {}
    flatten(app, "", cells, joined)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(cells)
    writer.writerow(cells.values())
    return text.getvalue()


def from_csv(text: str) -> Any:
    (row,) = callrules.records_from_csv(io.StringIO(text), source="app.csv")
    return row.data


# -- applications the call accepts -----------------------------------------------------------
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))
               | st.sampled_from(list(' ;,"=+-@\'')), min_size=1, max_size=12)
WHOLE = st.integers(-5, 10**12)
DECLARED_VALUES = {
    "count": WHOLE, "flag": st.booleans(), "note": TEXT,
    "ratio": st.decimals(-10**6, 10**6, places=2).map(lambda d: format(d, "f")),
    "since": st.dates().map(lambda d: d.isoformat()),
    "stage": st.sampled_from(DECLARED["stage"]["values"]),
    "counts": st.lists(WHOLE, max_size=3), "tags": st.lists(TEXT, max_size=3),
    "flags": st.lists(st.booleans(), max_size=3),
    "grant": st.decimals(0, 10**6, places=2).map(
        lambda d: {"amount": format(d, "f"), "currency": "EUR"}),
}
ANSWERS = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
    st.none() | st.booleans() | st.integers(-10**15, 10**15) | TEXT
    | st.sampled_from(["5", "true", "null", "007", '"quoted"', "", "1.5", " 5", "-0"]),
    max_size=5)


@st.composite
def applications(draw: st.DrawFn) -> dict[str, Any]:
    app = eligible_dict()
    app["answers"] = draw(ANSWERS)
    app["documents"][0]["pages"] = draw(st.integers(0, 100_000))
    app["host"]["unit"]["affiliations"] = draw(st.lists(TEXT, max_size=3))
    app["budget"]["lines"][0]["label"] = draw(TEXT)
    for at in LEVELS.values():
        node: Any = app
        for part in at:
            node = node[part]
        node["fields"] = {name: draw(DECLARED_VALUES[name]) for name in draw(
            st.sets(st.sampled_from(sorted(DECLARED))))}
    return app


class TestCsvReadsAsJson:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(app=applications(), joined=st.booleans())
    def test_a_csv_row_and_json_give_the_same_application_and_verdict(
            self, app: dict[str, Any], joined: bool) -> None:
        """Law: for any application the call accepts, its CSV row (lists by position or in
        one cell) parses to the same application and gets the same verdict and findings."""
        try:
            from_json = CALL.parse(json.dumps(app))
        except callrules.InputError:
            return  # the call refuses it: nothing to compare (an empty required list…)
        from_row = CALL.parse(from_csv(as_csv(app, joined)))
        assert from_row.model_dump(mode="json") == from_json.model_dump(mode="json")
        now = callrules.parse_instant("2026-06-02 09:00 Europe/Paris")
        one, other = (callrules.evaluate(CALL, a, now=now) for a in (from_json, from_row))
        assert one.eligible == other.eligible
        assert [(f.code, f.path) for f in one.findings] == [
            (f.code, f.path) for f in other.findings]

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(app=applications(), case=st.sampled_from((str.upper, str.title, str.swapcase)),
           emptied=st.sampled_from((",", ";;", ", ,")), above=st.integers(0, 30),
           between=st.integers(0, 3))
    def test_a_header_again_in_capitals_and_emptied_rows_change_no_verdict(
            self, app: dict[str, Any], case: Any, emptied: str, above: int,
            between: int) -> None:
        """Law: the CSV of an application gets the same verdict and findings with a copy
        of its header in another case under it (a row of labels made with ``=UPPER()``)
        and a spreadsheet's emptied rows above the header and between it and the row, and
        gives one result. Before, the copy became the header, the row refused as missing
        every field (attack 25a F6); the emptied rows above it each one problem."""
        try:
            expected = CALL.parse(json.dumps(app))
        except callrules.InputError:
            return  # the call refuses it: nothing to compare
        header, row = as_csv(app, joined=True).splitlines()
        text = "\n".join([emptied] * above + [header, case(header)]
                          + [emptied] * between + [row]) + "\n"
        (item,) = callrules.records_from_csv(io.StringIO(text), source="app.csv")
        assert item.source == f"app.csv:{above + 3 + between}"
        now = callrules.parse_instant("2026-06-02 09:00 Europe/Paris")
        one, other = (callrules.evaluate(CALL, a, now=now)
                      for a in (expected, CALL.parse(item.data)))
        assert one.eligible == other.eligible
        assert [(f.code, f.path) for f in one.findings] == [
            (f.code, f.path) for f in other.findings]

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(app=applications(), data=st.data())
    def test_a_header_in_other_capitals_reads_as_the_fields_names(
            self, app: dict[str, Any], data: st.DataObject) -> None:
        """Law: the CSV of an application whose header names each field in another case,
        column by column (``ID``, ``Submitter.Given_Name``, ``HOST.UNIT.NAME``: a
        spreadsheet's ``=UPPER()``, a template's title case; the keys a call or an
        applicant chose, under ``fields`` and ``answers``, as written), gives the same
        application, verdict and findings as its header in the fields' own case. Before,
        each row was ~15 "This information is required" and 11 "Key “SUBMITTER”: not
        expected here" (attack 41a F6)."""
        try:
            expected = CALL.parse(json.dumps(app))
        except callrules.InputError:
            return  # the call refuses it: nothing to compare
        header, row = as_csv(app, joined=True).splitlines()
        names = next(csv.reader([header]))
        cases = (str.upper, str.title, str.swapcase, str.lower)
        recased = []
        for name in names:
            case = data.draw(st.sampled_from(cases))
            parts = name.split(".")
            chosen = next((at for at, part in enumerate(parts)
                           if part in ("fields", "answers")), len(parts) - 1)
            recased.append(".".join([case(part) for part in parts[:chosen + 1]]
                                    + parts[chosen + 1:]))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([recased, next(csv.reader([row]))])
        (item,) = callrules.records_from_csv(io.StringIO(out.getvalue()), source="app.csv")
        got = CALL.parse(item.data)
        assert got.model_dump(mode="json") == expected.model_dump(mode="json")
        now = callrules.parse_instant("2026-06-02 09:00 Europe/Paris")
        one, other = (callrules.evaluate(CALL, a, now=now) for a in (expected, got))
        assert one.eligible == other.eligible
        assert [(f.code, f.path) for f in one.findings] == [
            (f.code, f.path) for f in other.findings]

    @pytest.mark.parametrize("twin", ["ID", "Id", "iD"])
    def test_two_columns_of_one_name_in_two_cases_are_never_chosen_between(
            self, twin: str) -> None:
        """A header naming a field twice, in two cases (``id`` and ``ID``): neither is
        read as the other, the one not spelt as the field is refused by its name as
        written (no silent guess which column the file meant), said of the header's two
        columns, in every language: one of them must go (« Key “ID” » before session 38)."""
        header, row = as_csv(eligible_dict(), joined=True).splitlines()
        names, cells = next(csv.reader([header])), next(csv.reader([row]))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([[*names, twin], [*cells, "OTHER"]])
        (item,) = callrules.records_from_csv(io.StringIO(out.getvalue()), source="app.csv")
        with pytest.raises(callrules.InputError) as caught:
            CALL.parse(item.data)
        (problem,) = caught.value.problems
        assert (problem.loc, problem.type, problem.input) == ((), "extra_forbidden", twin)
        assert problem.ctx == {"template": "csv_twin_columns", "column": twin, "other": "id"}
        for words in _rendered(out.getvalue()):
            assert twin in words and any(f"{o}id{c}" in words for o, c in (
                ("“", "”"), ("«\u202f", "\u202f»"), ("«", "»"))), words
            assert not any(key in words for key in ("Key", "Clé", "Clave", "Chave")), words

    @pytest.mark.parametrize("column", ["visitors.1.id", "documents.0.kind",
                                        "budget.lines.2.amount.currency"])
    def test_a_list_s_column_again_in_capitals_is_said_of_both_columns(self, column: str
                                                                        ) -> None:
        """A list's column again in capitals (``VISITORS.1.ID`` beside ``visitors.1.id``)
        is said of both columns, one of which must go, in every language (it was a list
        « VISITORS » whose item 0 had no column: session 38); no row is read."""
        header, row = as_csv(eligible_dict(), joined=True).splitlines()
        names, cells = next(csv.reader([header])), next(csv.reader([row]))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            [[*names, column.upper()], [*cells, cells[names.index(column)]]])
        for words in _rendered(out.getvalue()):
            assert column in words and column.upper() in words, words
            assert "VISITORS 1" not in words and "LINES 1" not in words, words

    @settings(max_examples=20, deadline=None)
    @given(st.data())
    def test_a_misspelt_column_is_named_as_written_with_the_one_meant(
            self, data: st.DataObject) -> None:
        """Law: a column of the header misspelt (a letter dropped, two letters swapped),
        or that no field is near, is said as the file writes it, in every language, with
        the column it probably meant when one is close; never « Key “nmae” » as if the cell's
        key were a field's (session 38: 0 → 123 of 139 misspellings of the example's header
        name the column meant)."""
        header, row = as_csv(eligible_dict(), joined=True).splitlines()
        names, cells = next(csv.reader([header])), next(csv.reader([row]))
        at = data.draw(st.sampled_from([i for i, name in enumerate(names)
                                        if name.split(".")[0] not in ("fields", "answers")
                                        and len(name.rsplit(".", 1)[-1]) > 4]))
        name = names[at]
        head, _, last = name.rpartition(".")
        where = data.draw(st.integers(1, len(last) - 2))
        how = data.draw(st.sampled_from(["drop", "swap", "far"]))
        wrong = {"drop": last[:where] + last[where + 1:],
                 "swap": last[:where] + last[where + 1] + last[where] + last[where + 2:],
                 "far": "zzqx"}[how]
        if wrong == last:
            return
        first, _, rest = head.partition(".")
        if how != "far" and len(first) > 3 and not any(  # its head too (not a list's:
                part.isdigit() for part in name.split(".")) and data.draw(st.booleans()):
            # its item 1 alone is said as a list whose item 0 has no column)
            first = first[0] + first[2] + first[1] + first[3:]
        head = ".".join(p for p in (first, rest) if p)
        written = f"{head}.{wrong}" if head else wrong
        if data.draw(st.booleans()):  # as a spreadsheet's =UPPER() writes it
            written = written.upper()
        if written.casefold() in {n.casefold() for n in names}:
            return
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            [names[:at] + [written] + names[at + 1:], cells])
        (item,) = callrules.records_from_csv(io.StringIO(out.getvalue()), source="app.csv")
        with pytest.raises(callrules.InputError) as caught:
            CALL.parse(item.data)
        (problem,) = [p for p in caught.value.problems if p.input == written]
        assert problem.loc == () and problem.ctx is not None
        assert problem.ctx["column"] == written
        if how == "far":
            assert "near" not in problem.ctx
        shapes = {re.sub(r"\.[0-9]+(?=\.|$)", ".#", n) for n in names}
        if "near" in problem.ctx:  # only a column of a field of the call (session 38)
            assert re.sub(r"\.[0-9]+(?=\.|$)", ".#", problem.ctx["near"]) in shapes
        for words in _rendered(out.getvalue()):
            assert written in words, words
            if "near" in problem.ctx:
                assert problem.ctx["near"] in words, words
            assert not any(key in words for key in ("Key", "Clé", "Clave", "Chave")), words

    @pytest.mark.parametrize(("head", "wrong"), [
        ("host", "hots"), ("host", "HOTS"), ("visitors", "vistors"), ("budget", "Budgte"),
        ("submitter", "zzqx")])
    def test_the_columns_of_one_misspelt_name_are_said_once_of_that_name(
            self, head: str, wrong: str) -> None:
        """Every column under one misspelt name (``hots.role``, ``hots.status``, … and 200
        more) is one problem naming that name as the file writes it, with the name meant
        when one is close, in every language (session 38: one problem a column, 50 for
        one misspelt name)."""
        header, row = as_csv(eligible_dict(), joined=True).splitlines()
        names, cells = next(csv.reader([header])), next(csv.reader([row]))
        names = [wrong + name[len(head):] if name.startswith(f"{head}.") else name
                 for name in names]
        extra = [f"{wrong}{'.0' if head == 'visitors' else ''}.x{i}" for i in range(200)]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([names + extra, cells + ["1"] * 200])
        (item,) = callrules.records_from_csv(io.StringIO(out.getvalue()), source="app.csv")
        with pytest.raises(callrules.InputError) as caught:
            CALL.parse(item.data)
        (problem,) = [p for p in caught.value.problems if p.loc == ()]
        near = {} if wrong == "zzqx" else {"near": head}
        assert (problem.input, problem.ctx) == (wrong, {
            "template": f"csv_unknown_columns{'_near' if near else ''}", "column": wrong,
            **near})
        for words in _rendered(out.getvalue()):
            assert wrong in words and (not near or head in words), words
            assert ".x1" not in words, words

    @pytest.mark.parametrize(("cell", "value"), [
        ("5", 5), ("-0", 0), ("true", True), ("false", False), ("null", None),
        ('"5"', "5"), ('"true"', "true"), ("007", "007"), ("oui", "oui"), (" 5", " 5"),
        ('"', '"'), ('"a', '"a'), ('""', ""), ('"\\u00e9"', "é")])
    def test_an_answer_cell_is_a_json_scalar_or_text(self, cell: str, value: Any) -> None:
        """``5`` is the number, ``"5"`` the text, ``007`` text (JSON has no such number)."""
        app = eligible_dict()
        app["answers"] = {"a": value}
        text = as_csv({**eligible_dict(), "answers": {}}, joined=True)
        header, row = text.splitlines()
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            [[*next(csv.reader([header])), "answers.a"], [*next(csv.reader([row])), cell]])
        parsed = CALL.parse(from_csv(out.getvalue()))
        assert parsed.answers == {"a": value}
        assert type(parsed.answers["a"]) is type(value)

    @pytest.mark.parametrize(("column", "cell", "code"), [
        ("fields.count", "abc", "int_type"), ("fields.count", "05", "int_type"),
        ("fields.count", "+5", "int_type"), ("fields.count", "5.0", "int_type"),
        ("fields.count", " 5", "int_type"), ("fields.flag", "TRUE", "bool_type"),
        ("fields.flag", "1", "bool_type"), ("fields.flag", "yes", "bool_type"),
        ("fields.counts", "1; x", "int_type"), ("documents.0.pages", "3 pages", "int_type"),
        ("answers.a", "1.5", "answer_type"), ("answers.a", "1e3", "answer_type"),
        ("answers.a", "9" * 17, "answer_type")])
    def test_a_cell_its_field_cannot_take_is_a_typed_problem_named_by_its_label(
            self, column: str, cell: str, code: str) -> None:
        """A cell that is not its field's type is refused as that field's problem, named in
        words by the call's label, saying what is expected."""
        text = as_csv(eligible_dict(), joined=True)
        header, row = text.splitlines()
        names, cells = next(csv.reader([header])), next(csv.reader([row]))
        if column in names:  # a column of the application already: its cell is replaced
            cells[names.index(column)] = cell
        else:
            names, cells = [*names, column], [*cells, cell]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([names, cells])
        with pytest.raises(callrules.InputError) as caught:
            CALL.parse(from_csv(out.getvalue()))
        (problem,) = caught.value.problems
        parts = tuple(int(p) if p.isdigit() else p for p in column.split("."))
        assert problem.loc[:len(parts)] == parts
        assert problem.type == code, problem
        message = problem.message("en")
        assert any(w in message for w in ("expected", "n answer is")), message
        if column.startswith("fields."):
            words = callrules.evaluate_many(CALL, callrules.records_from_csv(
                io.StringIO(out.getvalue()), source="app.csv"))[0].render("en")
            label = _label(column.split(".")[1].split(";")[0])["en"]
            assert label in words, words

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(st.integers(-10**6, 10**6), st.integers(10**16, 10**120)),
           st.text("0123456789", max_size=4), st.sampled_from(["", "e1", "E-2", "e+3", "e-2"]))
    @example(10**119, "5", "")  # (rrmenda: 122 digits, past what a refusal quotes)
    def test_a_number_with_a_point_is_no_answer_and_is_said_so_with_the_text_to_write(
            self, whole: int, fraction: str, exponent: str) -> None:
        """att84 F1, law: an answer written as a number with a point or an exponent (``5.0``,
        ``1e1``) is refused from a CSV cell as from JSON (one code, never a silent reading),
        and the refusal, in every language, says the number as typed and the text to write
        instead (``"5.0"``); that cell, its double quotes typed, is the text, as in JSON.
        The same number as a Decimal (from Python, or a JSON array file) is quoted cut too."""
        typed = f"{whole}{'.' + fraction if fraction else ''}{exponent}"
        if not fraction and not exponent:
            typed += ".0"
        app = {**eligible_dict(), "answers": {}}
        header, row = as_csv(app, joined=True).splitlines()
        names, cells = next(csv.reader([header])), next(csv.reader([row]))

        def sheet(cell: str) -> str:
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows([[*names, "answers.a"],
                                                            [*cells, cell]])
            return out.getvalue()

        if len(typed) <= 100:  # (a longer cell is a text: CSV reads no such number)
            with pytest.raises(callrules.InputError) as caught:
                CALL.parse(from_csv(sheet(typed)))
            (problem,) = caught.value.problems
            assert (problem.type, problem.loc) == ("answer_type", ("answers", "a"))
            for words in _rendered(sheet(typed)):  # (wrdmend77, look77w F3: the quotes
                assert typed in words and f'"{typed}"' in words, words  # typed in the cell,
                assert f'"""{typed}"""' in words, words  # as a CSV line edited by hand holds)
            by_hand = f'{header},answers.a\n{row},"""{typed}"""\n'  # (the advice followed)
            assert CALL.parse(from_csv(by_hand)).answers == {"a": typed}
        shown = cut(typed)  # (wrdmend77: JSON's number as typed, never as a float says it)
        document = json.dumps({**app, "answers": {"a": "N"}}).replace('"N"', typed)
        with pytest.raises(callrules.InputError) as in_json:
            CALL.parse(document)
        assert [p.type for p in in_json.value.problems] == ["answer_type"]
        for lang in LANGS:
            words = in_json.value.problems[0].message(lang)
            assert shown in words and f'"{shown}"' in words, (lang, words)
        quoted = CALL.parse(from_csv(sheet(json.dumps(typed))))
        assert quoted.answers == CALL.parse({**app, "answers": {"a": typed}}).answers \
            == {"a": typed}
        # (rrmenda: the same number as a Decimal, from Python or a JSON array file, is
        # quoted cut as well, never whole: it is said three times; a Decimal that writes
        # itself without a point, ``5.0e1`` as ``50``, is refused in general words)
        written = str(Decimal(typed))
        assume(any(mark in written for mark in ".eE"))
        with pytest.raises(callrules.InputError) as in_python:
            CALL.parse({**app, "answers": {"a": Decimal(typed)}})
        array = callrules.evaluate_many(CALL, callrules.records(
            io.StringIO(f"[{document}]"), input_format="json"))[0]
        for lang in LANGS:
            for words in (in_python.value.problems[0].message(lang), array.render(lang)):
                assert f'"{cut(written)}"' in words, (lang, words)
                assert len(written) <= 100 or written not in words, (lang, words)

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(negative=st.booleans(), digits=st.one_of(
               st.integers(1, 30), st.integers(16, 6000)).map(str).flatmap(
               lambda n: st.from_regex(rf"\A[1-9][0-9]{{{int(n) - 1}}}\Z")),
           fraction=st.sampled_from(["", ".0", ".50", ".000"]),
           exponent=st.sampled_from(["", "e0", "e1", "E+2", "e-1", "e999999999", "E-999999999"]))
    @example(False, "5", ".0", "e1")  # (a Decimal that writes itself without its point: 50)
    @example(False, "1", "", "e999999999")  # (cheap: never read as a float's infinity)
    @example(True, "1" * 17, "", "")  # (a whole number of 17 digits)
    @example(False, "1" + "0" * 5000, "", "")  # (past what Python writes of a whole number)
    def test_every_number_refused_as_an_answer_says_why_and_how_to_write_it_as_text(
            self, negative: bool, digits: str, fraction: str, exponent: str) -> None:
        """wrd78, law: every number an answer cannot be (a point or an exponent, a whole
        number of more than 15 digits, a Decimal even whole, JSON's 1e999999999), from Python, a
        JSON text, a JSON array file or a CSV cell, is refused saying what it is and how to
        write it as a text (its characters between double quotes, as typed when they were),
        in every language, in words (no code-like token), never the general words alone."""
        typed = ("-" if negative else "") + digits + fraction + exponent
        if not fraction and not exponent and (len(digits) <= 15 or digits == "1" + "0" * 15):
            return  # (a whole number an answer may be: 10^15 at most, as the schema says)
        app = {**eligible_dict(), "answers": {"a": "N"}}
        document = json.dumps(app).replace('"N"', typed)
        written = str(Decimal(typed)) if fraction or exponent else typed
        lost = not any(mark in written for mark in ".eE")
        given: list[tuple[Any, str]] = [  # (the answer, the text its refusal quotes)
            (Decimal(typed), written),
            (int(Decimal(typed)) if not fraction and not exponent else float(typed),
             typed if not fraction and not exponent else repr(float(typed)))]
        if (fraction or exponent) and abs(float(typed)) == float("inf"):
            given.pop()  # (Python's inf: the general words, wrdmend78, the test below)
        said: list[tuple[str, list[str]]] = []
        for value, shown in given:
            with pytest.raises(callrules.InputError) as caught:
                CALL.parse({**app, "answers": {"a": value}})
            (problem,) = caught.value.problems
            assert problem.type == "answer_type"
            said.append((shown, [problem.message(lang) for lang in LANGS]))
        if len(digits) <= 4300:  # (JSON reads no longer number)
            with pytest.raises(callrules.InputError) as in_json:
                CALL.parse(document)
            assert [p.type for p in in_json.value.problems] == ["answer_type"]
            said.append((typed, [in_json.value.problems[0].message(lang) for lang in LANGS]))
            array = callrules.evaluate_many(CALL, callrules.records(
                io.StringIO(f"[{document}]"), input_format="json"))[0]
            said.append((typed if lost else written, [array.render(lang) for lang in LANGS]))
        if len(typed) <= 100:  # (a longer cell is a text)
            header, row = as_csv({**app, "answers": {}}, joined=True).splitlines()
            said.append((typed, _rendered(f"{header},answers.a\n{row},{typed}\n")))
        for shown, messages in said:
            for lang, words in zip(LANGS, messages, strict=True):
                assert f'"{cut(shown)}"' in words, (lang, shown, words)
                assert len(shown) <= 100 or shown not in words, (lang, words)
                assert not code_tokens(words.replace(cut(shown), "N")), (lang, words)

    def test_a_number_no_digits_write_gets_the_general_words(self) -> None:
        """wrdmend78 (look78w F3): JSON's ``NaN``, ``Infinity`` and ``-Infinity`` (which
        Python's reader takes), from a JSON text or a JSON array file, and a Python
        ``float("nan")``, ``Decimal("sNaN")`` or ``Decimal("-Infinity")``, are refused with
        the general words, as an object is: never called a decimal number, nor advised to be
        written ``"nan"``, a text no one typed (before: ``nan is given as a decimal
        number``)."""
        app = {**eligible_dict(), "answers": {"a": "N"}}

        def said(given: Any) -> list[str]:
            with pytest.raises(callrules.InputError) as caught:
                CALL.parse(given)
            (problem,) = caught.value.problems
            assert problem.type == "answer_type"
            return [problem.message(lang) for lang in LANGS]

        general = said({**app, "answers": {"a": {}}})
        for literal in ("NaN", "Infinity", "-Infinity"):
            document = json.dumps(app).replace('"N"', literal)
            assert said(document) == general, literal
            array = callrules.evaluate_many(CALL, callrules.records(
                io.StringIO(f"[{document}]"), input_format="json"))[0]
            for lang, words in zip(LANGS, general, strict=True):
                assert words in array.render(lang), (literal, lang)
                assert "nan" not in array.render(lang).lower().replace(
                    "financ", ""), (literal, lang)
        for value in (float("nan"), float("-inf"), Decimal("sNaN"), Decimal("-Infinity")):
            assert said({**app, "answers": {"a": value}}) == general, value

    def test_a_whole_decimal_is_refused_as_a_decimal_whatever_its_digits(self) -> None:
        """wrdmend78 (look78w F4): ``Decimal(10**15)`` (16 digits) is refused because it is
        a Decimal, as the int ``10**15`` is accepted: said so, not as a whole number of
        more than 15 digits (before: a false reason)."""
        app = {**eligible_dict(), "answers": {"a": 10 ** 15}}
        CALL.parse(app)
        for value in (Decimal(10 ** 15), Decimal(-(10 ** 15)), Decimal(10 ** 20)):
            with pytest.raises(callrules.InputError) as caught:
                CALL.parse({**app, "answers": {"a": value}})
            (problem,) = caught.value.problems
            assert (problem.ctx or {}).get("template") == "answer_decimal", value
            assert "15" not in problem.message("en").split(":")[0], problem.message("en")

    def test_a_typed_number_keeps_its_text_through_a_pickle(self) -> None:
        """wrdmend78 (look78w F5): a JSON array file's ``5.0e1`` and a CSV cell's ``1e1``,
        pickled (a record sent to a process or a Dask worker), are still refused quoting
        them as typed (before: ``50``, ``1E+1``)."""
        import pickle

        from callrules._json_numbers import decimal_number
        from callrules._models import WrittenNumber

        app = eligible_dict()
        for number, typed in ((decimal_number("5.0e1"), "5.0e1"), (WrittenNumber("1e1"), "1e1")):
            again = pickle.loads(pickle.dumps({**app, "answers": {"a": number}}))
            assert again["answers"]["a"] == number
            with pytest.raises(callrules.InputError) as caught:
                CALL.parse(again)
            (problem,) = caught.value.problems
            assert f'"{typed}"' in problem.message("en"), problem.message("en")

    def test_the_attacker_s_declared_fields_read_as_json(self) -> None:
        """``fields.n`` 5, ``fields.flag`` true, ``fields.tags`` ``a; b``: typed, split."""
        app = eligible_dict()
        app["fields"] = {"count": 5, "flag": True, "tags": ["a", "b"], "note": " x",
                         "ratio": "1.00000000"}
        row = as_csv(app, joined=True)
        assert "a; b" in row and ",5," in row
        parsed = CALL.parse(from_csv(row))
        assert parsed.fields.model_dump(mode="json") == CALL.parse(app).fields.model_dump(
            mode="json")
        assert Decimal(parsed.fields.ratio) == 1  # type: ignore[attr-defined]

    def test_a_call_without_declared_fields_reads_pages_and_answers_typed(self) -> None:
        """The generic form reads the same cells the same way (``parse_application``)."""
        app = {**eligible_dict(), "answers": {"n": 5, "b": True, "s": "007", "t": "5"}}
        row = as_csv(app, joined=True)
        parsed = callrules.parse_application(from_csv(row))
        assert parsed == callrules.parse_application(copy.deepcopy(app))


# -- list positions in column names ------------------------------------------------------------
#: The digits of scripts other than ASCII that ``str.isdigit`` also takes (full-width,
#: Arabic-Indic, Devanagari) and superscripts.
OTHER_DIGITS = ("０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "⁰¹²³⁴⁵⁶⁷⁸⁹")
FIELDS_AT = ("visitors.{}.id", "visitors.{}.stay.departure", "host.unit.affiliations.{}",
             "budget.lines.{}.amount.amount")


def _rows(header: list[str], rows: int = 2) -> list[Any]:
    lines = [header] + [[f"v{r}.{c}" for c in range(len(header))] for r in range(rows)]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(lines)
    return list(callrules.records_from_csv(io.StringIO(text.getvalue()), source="app.csv"))


def _type(item: Any) -> str | None:
    return item.data.problems[0].type if isinstance(item.data, callrules.InputError) else None


class TestColumnPositions:
    @given(field=st.sampled_from(FIELDS_AT), position=st.integers(0, 3),
           zeros=st.integers(0, 3), script=st.sampled_from(("ascii", *OTHER_DIGITS)),
           first=st.booleans())
    def test_a_position_spelt_two_ways_is_never_a_silent_choice(
            self, field: str, position: int, zeros: int, script: str, first: bool) -> None:
        """A field given twice, its list position spelt two ways (``1``, ``01``, ``001``,
        full-width ``１``, Arabic-Indic ``١``), is never read by the column that comes last:
        every row is the same problem whatever the columns' order, ``csv_duplicate_column``
        naming the field for digits 0 to 9 (leading zeros or not, one position), or
        ``bad_column`` naming the column for other digits (no position)."""
        digits = str(position) if script == "ascii" else "".join(
            script[int(d)] for d in str(position))
        other = field.format("0" * zeros + digits)
        header = [field.format(k) for k in range(position + 1)] + ["id"]
        for order in ([other, *header], [*header, other]) if first else ([*header, other],):
            out = _rows(order)
            assert len(out) == 2
            for item in out:
                if script == "ascii":
                    assert _type(item) == "csv_duplicate_column", item
                    steps = field.format(position).split(".")
                    assert item.data.problems[0].loc == tuple(
                        int(s) if s.isdigit() else s for s in steps)
                else:
                    assert _type(item) == "bad_column", item
                    for lang in LANGS:
                        assert other in item.data.problems[0].message(lang)

    @given(items=st.sampled_from(("visitors", "documents", "host.unit.affiliations")),
           position=st.integers(0, 3), name=st.sampled_from(("v1", "first", "id", "x_y")),
           inner=st.sampled_from((".id", ".kind", "")), by_position_first=st.booleans())
    def test_a_list_given_by_position_and_by_name_names_both_columns_in_order(
            self, items: str, position: int, name: str, inner: str,
            by_position_first: bool) -> None:
        """A list's items given by position in one column and by a name in another
        (``visitors.0.id`` and ``visitors.v1.id``) make each row one ``bad_column`` naming
        both columns in the header's order, in every language. Before, the column coming
        second was blamed alone, for a position or for a name, whichever it gave."""
        placed = [f"{items}.{k}{inner}" for k in range(position + 1)]
        named = f"{items}.{name}{inner}"
        header = ["id", *placed, named] if by_position_first else ["id", named, *placed]
        pair = [placed[0], named] if by_position_first else [named, placed[0]]
        out = _rows(header)
        assert len(out) == 2
        for item in out:
            assert _type(item) == "bad_column", item
            for lang in LANGS:
                words = item.data.problems[0].message(lang)
                assert -1 < words.find(pair[0]) < words.find(pair[1]), words

    @given(field=st.sampled_from(FIELDS_AT),
           positions=st.sets(st.integers(0, 6), min_size=1, max_size=4), padded=st.booleans())
    def test_a_position_the_header_skips_is_named_not_compacted(
            self, field: str, positions: set[int], padded: bool) -> None:
        """A header with columns for positions 0 and 2 of a list but none for 1 is not read
        as a list of two items: every row says which item has no column (its ``loc``),
        naming the column after the gap; positions without a gap (zero-padded or not) are
        read as the items they number."""
        written = {p: (f"{p:02d}" if padded else str(p)) for p in positions}
        header = ["id", *(field.format(written[p]) for p in sorted(positions, reverse=True))]
        out = _rows(header)
        assert len(out) == 2
        missing = sorted(set(range(max(positions) + 1)) - positions)
        for item in out:
            if not missing:
                assert _type(item) is None, item
                continue
            assert _type(item) == "csv_missing_column", item
            (found,) = item.data.problems
            steps = tuple(int(s) if s.isdigit() else s for s in field.format(0).split("."))
            at = steps.index(0)
            assert found.loc == (*steps[:at], missing[0])
            after = min(p for p in positions if p > missing[0])
            for lang in LANGS:
                assert field.format(written[after]) in found.message(lang)

    @settings(max_examples=30)
    @given(field=st.sampled_from(FIELDS_AT), positions=st.sets(st.integers(0, 4), min_size=1,
                                                                max_size=3),
           swap=st.integers(0, 2))
    def test_a_list_no_field_has_is_said_a_column_no_field_has(
            self, field: str, positions: set[int], swap: int) -> None:
        """A list's name misspelt (``vissitors.1.id``, ``host.unit.afffiliations.2``) at
        positions with or without a gap is not said to skip an item: the row is read and
        the call says the columns no field has, as the header writes them (their positions
        as written; the name alone when there are several), as it says ``vsiitors.0.id``
        (session 39: « The header has no column for this item of the list » for
        ``vsiitors.1.category`` alone)."""
        steps = field.split(".")
        at = steps.index("{}") - 1
        name = steps[at]
        steps[at] = name[:swap + 1] + name[swap] + name[swap + 1:]  # a letter typed twice
        wrong = ".".join(steps)
        header = ["id", "visitors.0.id", *(wrong.format(p) for p in sorted(positions))]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([header, ["A", "v1", *("x" for _ in
                                                                              positions)]])
        (item,) = callrules.records_from_csv(io.StringIO(out.getvalue()), source="app.csv")
        assert _type(item) is None, item
        with pytest.raises(callrules.InputError) as caught:
            CALL.parse(item.data)
        (problem,) = [p for p in caught.value.problems if p.loc == ()]
        assert problem.type == "extra_forbidden"
        column = ".".join(steps[:at + 1]) if len(positions) > 1 else wrong.format(*positions)
        assert problem.ctx["column"] == column, problem


# -- a column that cannot be placed, in the reader's language -----------------------------------
def _unplaced(kind: str, n: int) -> tuple[list[str], list[str], str | None]:
    """A header, a row, and the column named (None: a row longer than its header)."""
    if kind == "far":
        return ["id", f"visitors.{1001 + n}.id"], ["A", "x"], f"visitors.{1001 + n}.id"
    if kind == "deep":
        column = "host." + ".".join("a" * (1 + n % 3) for _ in range(8 + n % 5))
        return ["id", column], ["A", "x"], column
    if kind == "empty_part":
        return ["id", "host..name"], ["A", "x"], "host..name"
    if kind == "name_for_position":
        return ["visitors.0.id", "visitors.id"], ["x", "y"], "visitors.id"
    if kind == "position_for_name":
        return ["host.role", "host.0"], ["x", "y"], "host.0"
    if kind == "other_digits":
        column = f"visitors.{OTHER_DIGITS[n % 4][n % 10]}.id"
        return ["id", column], ["A", "x"], column
    if kind == "holds_fields":
        return ["host.unit.code", "host.unit"], ["x", "y"], "host.unit"
    if kind == "inside_value":
        return ["host.unit", "host.unit.code"], ["x", "y"], "host.unit.code"
    return ["id", "note"], ["A", "x", *(["y"] * (1 + n % 3))], None


class TestUnplacedColumnWords:
    @given(kind=st.sampled_from(("far", "deep", "empty_part", "name_for_position",
                                 "position_for_name", "other_digits", "holds_fields",
                                 "inside_value", "long_row")),
           n=st.integers(0, 10**6))
    def test_a_column_that_cannot_be_placed_is_named_and_told_in_each_language(
            self, kind: str, n: int) -> None:
        """A row whose cell no column can place (``bad_column``: a position past any list's
        bound, a path too deep or with an empty part, a name where a position goes or the
        reverse, a column beside others inside it, more cells than columns) is told in the
        reader's language, naming the column as written (quoted), never the general "this
        value is not valid here", and never in English in another language."""
        header, row, column = _unplaced(kind, n)
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows([header, row])
        (item,) = callrules.records_from_csv(io.StringIO(text.getvalue()), source="app.csv")
        assert _type(item) == "bad_column", item
        (found,) = item.data.problems
        english = found.message("en")
        for lang in LANGS:
            words = found.message(lang)
            assert words != callrules.InputProblem((), "x", "x").message(lang), words
            if lang != "en":
                assert words != english
            if column is not None:
                assert column in words, words
            else:
                assert str(len(row)) in words and str(len(header)) in words, words


class TestNotUtf8Words:
    def test_a_windows_western_csv_is_told_its_likely_encoding_and_the_remedy(self) -> None:
        """Excel's default French CSV (Windows-1252): each row with an accent is not UTF-8,
        and says which encoding it likely is and how to save it again, in each language
        (it was a bare "The record is not UTF-8 text.")."""
        data = "id;call\nA-1;Université\n".encode("cp1252")
        out = list(callrules.records("-", stdin=io.BytesIO(data), input_format="csv"))
        (bad,) = [r for r in out if isinstance(r.data, callrules.InputError)]
        (found,) = bad.data.problems
        assert found.type == "not_utf8"
        for lang in ("en", "fr", "es", "pt"):
            words = found.message(lang)
            assert "Windows-1252" in words and "CSV UTF-8" in words, lang


#: Cell text: anything but what ``str.splitlines`` cuts at, and DOS's end-of-file mark (the
#: end of a text, not of a line).
cells = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=(
    "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x1a")), max_size=8)


def _read(rows: Any) -> list[tuple[str, Any]]:
    return [(item.source, item.data.problems[0].type if isinstance(
        item.data, callrules.InputError) else item.data)
        for item in callrules.records_from_csv(rows)]


class TestLinesWithoutEnds:
    @settings(max_examples=150, deadline=None)
    @given(rows=st.lists(st.tuples(cells, cells), min_size=1, max_size=5),
           end=st.sampled_from(("\n", "\r\n")), final=st.booleans())
    def test_lines_with_or_without_their_ends_read_as_the_text(
            self, rows: list[tuple[str, str]], end: str, final: bool) -> None:
        """Law: the lines of a CSV text given as a list, without their ends (as
        ``splitlines()`` makes them), with them, or split at ``\\n`` only (a CRLF text's
        lines keeping their carriage return), give the records the text whole gives, LF or
        CRLF, with a last line end or none. Before, lines without their ends were read as
        one line: one problem ("line ends seem lost") for all the rows."""
        written = io.StringIO()
        csv.writer(written, lineterminator=end).writerows(
            [("id", "note"), *((f"A-{n}{first}", second)
                               for n, (first, second) in enumerate(rows))])
        text = written.getvalue() if final else written.getvalue().removesuffix(end)
        whole = _read(text)
        assert len(whole) == len(rows)
        assert _read(text.splitlines()) == whole
        assert _read(text.splitlines(keepends=True)) == whole
        assert _read(iter(text.split("\n"))) == whole

    def test_a_list_of_lines_without_ends_is_its_rows(self) -> None:
        """``records_from_csv(text.splitlines())``: one application a row, the attacker's
        four (before: one problem for all, "line ends seem lost (sent with curl -d)")."""
        header = ("id,call,submitted_at,language,submitter.given_name,"
                  "submitter.family_name,submitter.email")
        rows = [header] + [f"A{n},cnrs-amsud-2026,2026-05-28T10:42:00Z,fr,Claire,Morel,c@x.fr"
                           for n in range(4)]
        out = list(callrules.records_from_csv(rows))
        assert [item.source for item in out] == ["<csv>:2", "<csv>:3", "<csv>:4", "<csv>:5"]
        assert [item.data["id"] for item in out] == ["A0", "A1", "A2", "A3"]  # type: ignore[index]
