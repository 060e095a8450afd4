"""A value a person reads is shown as it was given: a sentence capitalises its own first word
(or a label it asks for capitalised), never a value that starts it: an e-mail address, a
file name, a name keep every letter (``ßtrasse@…`` is not ``SStrasse@…``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import sentence, typography
from callrules._writes import refuse_input
from callrules.exceptions import ArgumentError
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings
from tests.test_definitions import minimal_call

LANGS = ("fr", "en", "es", "pt")

#: Text a value may start with: lower-case letters whose capital is another text (ß → SS,
#: ﬁ → FI, ŉ → ʼN), letters with no capital, digits and signs, and French punctuation.
_LETTERS = st.sampled_from(list("aßﬁŉǆſıéø") + ["1", "-", "_", "(", " :", " !", "«"])
values = st.lists(_LETTERS, min_size=1, max_size=6).map("".join).map(lambda s: s + "x")


class TestSentences:
    @given(value=values, lang=st.sampled_from(LANGS),
           template=st.sampled_from(["%(v)s is not accepted; %(v)s: no", "%(v)s",
                                     "%(v)s ! « %(v)s »"]))
    def test_a_value_starting_a_sentence_is_kept_letter_for_letter(
            self, value: str, lang: str, template: str) -> None:
        """Whatever a value holds (letters whose capital differs, French punctuation), the
        sentence starts with it unchanged and holds it unchanged wherever it is placed."""
        said = sentence(template, {"v": value}, lang)
        assert said.startswith(value)
        assert said.count(value) >= template.count("%(v)s")

    @given(value=values, lang=st.sampled_from(LANGS))
    def test_the_templates_own_words_are_written_as_typography_writes_them(
            self, value: str, lang: str) -> None:
        """The template's own first word is capitalised and spaced as by typography."""
        template = "the value: %(v)s"
        assert sentence(template, {"v": value}, lang) == typography(template, lang) % {
            "v": value}


def _finding_messages(email: str, lang: str) -> list[str]:
    rule = {"clause": "eligibility",
            "check": {"op": "compare", "path": "submitter.email", "cmp": "==",
                      "to": {"path": "host.person.email"}},
            "messages": {"not_equal": dict.fromkeys(("fr", "en"), "%(value)s ≠ %(expected)s")}}
    data = minimal_call()
    data["rules"] = [rule]
    call = callrules.Call.from_dict(data)
    application: dict[str, Any] = eligible_dict()
    application["submitter"]["email"] = email
    report = callrules.evaluate(call, callrules.parse_application(application))
    return [finding.message(lang) for finding in report.findings]


class TestFindings:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(local=st.sampled_from(["assistant", "ßtrasse", "ﬁn", "élise", "ǆ", "ŉx", "x"]),
           lang=st.sampled_from(("fr", "en")))
    def test_a_call_template_starting_with_the_value_shows_it_as_given(
            self, local: str, lang: str) -> None:
        """A call's own template that starts with the applicant's value shows the value
        letter for letter (an e-mail's local part is case-sensitive)."""
        email = f"{local}@ipgp.fr"
        messages = _finding_messages(email, lang)
        assert messages and all(message.startswith(email) for message in messages)


class TestFileNames:
    @pytest.mark.parametrize("name", ["mycall.toml", "ßcall.toml", "ﬁle.json", "élan.json"])
    @pytest.mark.parametrize("lang", LANGS)
    def test_a_file_name_in_a_refusal_is_quoted_as_given(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, lang: str
    ) -> None:
        """Writing over an input is refused naming the file as given, never capitalised."""
        path = tmp_path / name
        path.write_text("{}", encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        with pytest.raises(ArgumentError) as caught:
            refuse_input(name, [name], lang)
        assert str(caught.value).startswith(name)


#: Every place of an application that holds a code (built in, or of the call's vocabularies),
#: and a declared choice of another call (``fields.place`` of the summer school).
_CODED = {"language": ("language",),
          "country": ("visitors", 0, "institution", "location", "country"),
          "subdivision": ("visitors", 0, "institution", "location", "subdivision"),
          "category": ("visitors", 0, "category"), "role": ("host", "role"),
          "status": ("host", "status"), "line": ("budget", "lines", 0, "category"),
          "currency": ("budget", "lines", 0, "amount", "currency"),
          "document": ("documents", 0, "kind"), "approval": ("approvals", 0, "kind")}
_SCHOOL = ROOT / "docs" / "examples"
#: JSON values that are no text, and what Python would call them.
_NOT_TEXT = [None, True, False, {"x": 1}, ["fr"], [], {}, 1.5, 3]
_PYTHON = re.compile(r"\b(None|True|False|dict|list|float|int|NoneType)\b|\{'|\['")


def _problems(call: callrules.Call, record: dict[str, Any]) -> list[callrules.InputProblem]:
    with pytest.raises(callrules.InputError) as caught:
        call.parse(json.dumps(record))
    return list(caught.value.problems)


class TestJsonValuesInMessages:
    @given(place=st.sampled_from([*_CODED, "place"]), value=st.sampled_from(_NOT_TEXT),
           lang=st.sampled_from(LANGS))
    def test_a_code_given_as_other_json_is_quoted_as_json_never_as_python(
            self, place: str, value: object, lang: str) -> None:
        """A code given as ``null``, ``true``, an object, a list or a number is refused in
        words that quote what was written (``true``, ``{…}``, ``[…]``, ``1.5``), never
        Python's name for it (``True``, ``dict``, ``list``, ``None``); ``null`` where a code
        is required is said to be missing."""
        if place == "place":
            call = callrules.Call.from_file(_SCHOOL / "summer-school-call.toml")
            record = json.loads((_SCHOOL / "summer-school-application.json").read_text("utf-8"))
            record["fields"]["place"] = value
        else:
            call, record = callrules.calls.load("cnrs-amsud-2026"), eligible_dict()
            *way, last = _CODED[place]
            here: Any = record
            for key in way:
                here = here[key]
            here[last] = value
        if place == "subdivision" and value is None:
            return  # optional: null is "not given", accepted
        problems = _problems(call, record)
        assert problems
        for problem in problems:
            said = problem.message(lang)
            assert not _PYTHON.search(said), said
            assert not _PYTHON.search(problem.msg), problem.msg
            if value is None:
                assert problem.type == "missing", said
