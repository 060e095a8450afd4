"""Records edited by hand (every bracket and quote kept) or with one bracket added are each
one problem in place, the records around them read as written."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from tests.laws import settings
from tests.test_nothing_lost import EXAMPLE, problem, read_bytes, read_in_place, value
from tests.test_records_shape import KINDS, layout, record_of

#: Edits a person makes to a record's text that keep every bracket and quote in place.
EDITS = ("python_none", "python_true", "nan", "undefined", "single_quotes", "comment",
         "trailing_comma", "bad_escape")


#: Each edit that keeps every bracket and quote, as (what it replaces, with what).
_REPLACED = {"python_none": ('"fr"', "None"), "python_true": ('"fr"', "True"),
             "nan": ('"pages": 3', '"pages": NaN'), "undefined": ('"fr"', "undefined"),
             "single_quotes": ('"fr"', "'fr'"),
             "comment": ('"language"', '/* by hand */ "language"'),
             "bad_escape": ("Paris", "Pa\\ris")}


def edited(text: str, edit: str) -> str:
    """``text`` (an application as JSON) with ``edit`` made once."""
    if edit == "trailing_comma":
        end = len(text[:text.rstrip().rfind("}")].rstrip())
        return text[:end] + "," + text[end:]
    old, new = _REPLACED[edit]
    return text.replace(old, new, 1)


class TestEditsKeepingStructure:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(4, 7), first=st.integers(0, 6),
           edits=st.lists(st.sampled_from(EDITS), min_size=2, max_size=4),
           calls=st.lists(st.booleans(), min_size=7, max_size=7), array=st.booleans(),
           indent=st.sampled_from((None, 2, "\t")), stdin=st.booleans())
    def test_records_edited_side_by_side_each_one_problem_whatever_keys_they_leave_out(
            self, tmp_path_factory: pytest.TempPathFactory, count: int, first: int,
            edits: list[str], calls: list[bool], array: bool, indent: int | str | None,
            stdin: bool) -> None:
        """Applications in an array or one after the other (some leaving out the optional
        call, the first too), two to four side by side edited by hand without touching a
        bracket or quote, two others at least whole: each edited one is one result in place
        and every other reads back exactly."""
        assume(array or indent is not None)  # (one a line on standard input: JSON Lines)
        assume(count - len(edits) >= 2)  # (every record damaged: a known limit)
        start = first % (count - len(edits) + 1)
        meant = [{key: item for key, item in {**EXAMPLE, "id": f"A-{n}"}.items()
                  if key != "call" or calls[n]} for n in range(count)]
        texts = [json.dumps(record, ensure_ascii=False, indent=indent) for record in meant]
        for number, edit in enumerate(edits, start):
            texts[number] = edited(texts[number], edit)
        damaged = set(range(start, start + len(edits)))
        read_in_place(layout([text.encode() for text in texts], array, indent), meant,
                      damaged, tmp_path_factory, stdin)


class TestBracketAmongItems:
    @settings(max_examples=200, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(items=st.lists(st.integers(1, 3), min_size=3, max_size=7), damaged=st.integers(0, 6),
           place=st.floats(0, 0.999), bracket=st.sampled_from("]}"), array=st.booleans(),
           indent=st.sampled_from((None, 2)), stdin=st.booleans())
    @example(items=[1, 1, 1, 3], damaged=3, place=0.094, bracket="}", array=True, indent=None,
             stdin=False)  # the last record closed after its first key: not two records
    @example(items=[1, 1, 1, 1, 1, 1, 2], damaged=6, place=0.1171875, bracket="}", array=True,
             indent=None, stdin=True)
    def test_a_bracket_added_in_a_small_record_with_items_is_one_problem_in_place(
            self, tmp_path_factory: pytest.TempPathFactory, items: list[int], damaged: int,
            place: float, bracket: str, array: bool, indent: int | None,
            stdin: bool) -> None:
        """Small records whose items have two of their three keys, in an array or one after
        the other: one closing bracket or brace added anywhere in one record (past its
        first key, one after the other) gives one result per record, the
        damaged one in place, every other read as written."""
        assume(array or indent is not None)  # (one a line on standard input: JSON Lines)
        meant = [{"id": f"R{n}", "name": f"n{n}",
                  "items": [{"id": k, "name": f"it{k}"} for k in range(many)]}
                 for n, many in enumerate(items)]
        damaged %= len(meant)
        texts = [json.dumps(record, indent=indent) for record in meant]
        text = texts[damaged]
        at = 1 + int((len(text) - 1) * place)
        assume(array or at > text.index('"name"'))  # (a known limit)
        texts[damaged] = text[:at] + bracket + text[at:]
        data = layout([text.encode() for text in texts], array, indent)
        read_in_place(data, meant, {damaged}, tmp_path_factory, stdin)


#: What may be typed for the comma between two records: another byte, a letter, nothing,
#: or a second comma.
SEPARATORS = (";", ".", ":", "|", "x", "a", "", ",,")

#: What else stands between two records joined on one line: a comma, a form
#: feed, a vertical tab, a no-break space, NUL, Ctrl-Z, ``%``.
LINE_SEPARATORS = (",", "\x0c", "\x0b", "\xa0", "\x00", "\x1a", "%")


class TestWrongSeparator:
    @settings(max_examples=200, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kinds=st.lists(st.sampled_from(KINDS), min_size=2, max_size=7), which=st.integers(0, 5),
           separator=st.sampled_from(SEPARATORS), spaces=st.tuples(st.booleans(), st.booleans()),
           spaced=st.booleans(), stdin=st.booleans())
    def test_a_wrong_byte_for_the_comma_between_records_loses_none(
            self, tmp_path_factory: pytest.TempPathFactory, kinds: list[str], which: int,
            separator: str, spaces: tuple[bool, bool], spaced: bool, stdin: bool) -> None:
        """In a JSON array of compact records of several kinds, one wrong separator between
        two of them (``;``, ``.``, ``:``, a letter, the comma left out or doubled, spaces
        around it or not): one result per record, in place, the two records around it each
        read as written or reported, every other read back exactly; none lost, none made
        up."""
        meant = [record_of(kind, number) for number, kind in enumerate(kinds)]
        texts = [json.dumps(item, ensure_ascii=False, separators=(
            (", ", ": ") if spaced else (",", ":"))) for item in meant]
        k = which % (len(texts) - 1)
        wrong = " " * spaces[0] + separator + " " * spaces[1]
        data = ("[" + ",".join(texts[:k + 1]) + wrong + ",".join(texts[k + 1:]) + "]\n").encode()
        out = read_in_place(data, meant, {k, k + 1}, tmp_path_factory, stdin)
        for number in (k, k + 1):
            assert problem(out[number]) is not None or value(out[number]) == meant[number]

    @settings(max_examples=200, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kinds=st.lists(st.sampled_from(KINDS), min_size=2, max_size=6),
           separator=st.sampled_from(SEPARATORS + LINE_SEPARATORS),
           spaces=st.tuples(st.booleans(), st.booleans()), spaced=st.booleans(),
           before=st.booleans(), after=st.booleans(), suffix=st.sampled_from(("jsonl", "json")))
    def test_records_joined_on_one_line_by_a_comma_or_a_wrong_byte_each_read(
            self, tmp_path_factory: pytest.TempPathFactory, kinds: list[str],
            separator: str, spaces: tuple[bool, bool], spaced: bool, before: bool,
            after: bool, suffix: str) -> None:
        """Compact records of several kinds joined on ONE line, with no array around them,
        by a comma (an array's body copied without its brackets) or what was typed for it
        (``;``, a letter, ``%``, a form feed, NUL, Ctrl-Z, a no-break space, blanks around
        it or not), a record alone on a line before or after them or not: each record read
        as written, one result each, labelled with its line, the same from a named file,
        standard input and the service's reading (JSON Lines said)."""
        meant = [record_of(kind, number) for number, kind in enumerate(kinds)]
        texts = [json.dumps(item, ensure_ascii=False, separators=(
            (", ", ": ") if spaced else (",", ":"))) for item in meant]
        wrong = " " * spaces[0] + separator + " " * spaces[1]
        first = 1 if before else 0
        last = len(texts) - 1 if after and len(texts) - first > 2 else len(texts)
        lines = [*texts[:first], wrong.join(texts[first:last]), *texts[last:]]
        data = ("\n".join(lines) + "\n").encode()
        file = tmp_path_factory.mktemp("j") / f"batch.{suffix}"
        file.write_bytes(data)
        named = list(callrules.records(file))
        piped = list(callrules.records("-", stdin=io.BytesIO(data)))
        served = list(callrules.records("-", stdin=io.BytesIO(data), input_format="jsonl"))
        for out in (named, piped, served):
            assert [value(item) for item in out] == meant, [item.source for item in out]
        assert [item.source for item in piped] == [item.source for item in served]



class TestLoneRecordEdited:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(edit=st.sampled_from(("python_none", "python_true", "undefined", "single_quotes",
                                 "comment", "trailing_comma", "control")),
           indent=st.sampled_from((None, 2, "\t")),
           control=st.sampled_from(("\x01", "\x1b", "\x07", "\x00")))
    def test_a_lone_application_edited_is_the_file_s_record_not_an_element(
            self, tmp_path_factory: pytest.TempPathFactory, edit: str,
            indent: int | str | None, control: str) -> None:
        """One application alone in a JSON file (no array), edited by hand or holding a raw
        control character in a string, is one problem labelled by the file, as the same
        application whole is: never as an array's element (``x.json[0]``)."""
        text = json.dumps(EXAMPLE, ensure_ascii=False, indent=indent)
        text = text.replace("Paris", "Pa" + control + "ris", 1) if edit == "control" \
            else edited(text, edit)
        path = tmp_path_factory.mktemp("lone") / "x.json"
        path.write_text(text, encoding="utf-8")
        out = list(callrules.records(path))
        assert [(item.source, problem(item) is not None) for item in out] == [(str(path), True)]


#: Lines of text typed or left between two records of a list: notes, comments, an ellipsis,
#: a merge conflict's markers.
TEXT_LINES = ("...", "// withdrawn", "# see mail of 3 May", "(truncated)", "=======",
              "<<<<<<< HEAD", ">>>>>>> feature/export", "TODO check budget", "etc.")


class TestTextBetweenRecords:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(2, 5), at=st.integers(0, 4), text=st.sampled_from(TEXT_LINES),
           comma=st.booleans(), written=st.sampled_from(("pretty", "envelope", "lines")),
           conflict=st.booleans(), way=st.sampled_from(("json", "stdin", "said")))
    @example(count=4, at=2, text="", comma=False, written="pretty", conflict=True,
             way="json")  # (F8: a merge conflict at the list's end)
    def test_a_line_of_text_between_records_loses_none(
            self, tmp_path_factory: pytest.TempPathFactory, count: int, at: int, text: str,
            comma: bool, written: str, conflict: bool, way: str) -> None:
        """A JSON list (an array pretty-printed, an envelope, an array of one record a line)
        with a line of text between two records, where the comma is or instead of it (a note,
        ``// …``, ``...``, a merge conflict's marker), or a merge conflict around two records
        (``<<<<<<<``, one side's record, ``=======``, the other's, ``>>>>>>>``: both sides
        added one, at the list's end or not): every record read back exactly, in order, and
        each line of text at most one problem, from a file, standard input, or standard
        input said to be JSON Lines (before, the record before a line in the comma's place
        was refused whole: 18 of 18, and both sides of a conflict at the list's end)."""
        meant = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count)]
        indent = None if written == "lines" else 2
        pad = {"pretty": "  ", "envelope": "    ", "lines": ""}[written]
        texts = [pad + json.dumps(record, ensure_ascii=False, indent=indent).replace(
            "\n", "\n" + pad) for record in meant]
        k = at % (count - 1)
        assume(not (conflict and written == "envelope" and k == 0))  # (a conflict first in
        # an envelope's list: its start not known for one, the whole one problem; a known
        # limit)
        if conflict:  # records k and k + 1, each added by one side
            tail = k + 1 < count - 1
            end = "," if tail else ""
            body = (",\n".join(texts[:k]) + (",\n" if k else "") + "<<<<<<< HEAD\n"
                    + texts[k] + end + "\n=======\n" + texts[k + 1] + end
                    + "\n>>>>>>> feature/export\n" + ",\n".join(texts[k + 2:]))
            lines = 3
        else:
            body = (",\n".join(texts[:k + 1]) + ("," if comma else "") + "\n" + pad + text
                    + "\n" + ",\n".join(texts[k + 1:]))
            lines = 1
        body = body.rstrip("\n") + "\n"
        data = ("[\n" + body + "]\n" if written != "envelope" else
                '{\n  "applications": [\n' + body + "  ]\n}\n").encode()
        out = read_bytes(data, tmp_path_factory, way != "json", "json",
                         "jsonl" if way == "said" else None)
        assert [value(item) for item in out if problem(item) is None] == meant, [
            item.source for item in out]
        assert len(out) - count <= lines, [item.source for item in out]


class TestLinesLeftOpen:
    @settings(max_examples=80, deadline=None)
    @given(cut=st.floats(0.1, 0.95), blank=st.sampled_from(("", " ", " \t", "\r")),
           count=st.integers(1, 4))
    def test_a_line_left_open_is_one_problem_read_a_bounded_number_of_times(
            self, cut: float, blank: str, count: int) -> None:
        """JSON Lines each cut before their closing brace (a mail client's format=flowed
        leaves them open, ending with a blank) are each one problem in place, and a line is
        read as JSON a bounded number of times to tell it, whatever its length: each was
        tried with some 1,700 edits of one byte (1 MB of such lines took 70 s)."""
        import callrules._lone as lone

        line = json.dumps(EXAMPLE, ensure_ascii=False)
        line = line[:max(2, int(len(line) * cut))].rstrip("} ,") + blank
        assume(not line.rstrip().endswith(("}", "{", "[")))  # (``{``: a pretty record's)
        readings = []
        real = json.loads

        class Counted:
            """``json`` with its readings counted."""

            def __getattr__(self, name: str) -> object:
                return getattr(json, name)

            @staticmethod
            def loads(text: str, **kwargs: object) -> object:
                readings.append(len(text))
                return real(text, **kwargs)  # type: ignore[arg-type]

        data = (line + "\n").encode("utf-8") * count
        with pytest.MonkeyPatch.context() as patched:
            patched.setattr(lone, "json", Counted())
            out = list(callrules.records("-", stdin=io.BytesIO(data), input_format="jsonl"))
        assert len(out) == count and all(problem(item) is not None for item in out)
        assert len(readings) <= 12 * count, len(readings)
