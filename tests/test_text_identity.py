"""Texts are the same for every rule exactly when ``unique`` says they are (one identity of
text, :mod:`callrules._keys`): the same letters written in another Unicode form (composed or
decomposed, with an invisible character, in full width or another compatibility form) are the
same text for ``compare``, ``in``, ``not_in``, ``contains``, an ``exists`` matched by equality,
a rate table's row and a declared choice; texts that full case folding merges but that are
different spellings (``straße``/``strasse``) stay different everywhere."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from callrules import _keys
from callrules._i18n import visible
from callrules._keys import _simple_lower, code_key, text_key
from callrules._loading import _CONTROL
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_definitions import minimal_call

#: Letters and marks (accented Latin, Greek, Cyrillic, CJK…) and digits: text that can be an
#: identifier, a code and the part of an e-mail address before its at sign.
_WORD = st.text(st.characters(categories=("Lu", "Ll", "Lt", "Lo", "Nd")), min_size=1,
                max_size=12).filter(lambda text: not _CONTROL.search(text))
_FULL_WIDTH = {0x21 + k: 0xFF01 + k for k in range(0x5E)}


def _written_otherwise(text: str, how: str) -> str:
    """``text`` written another way: ``how`` names the way."""
    if how in ("NFC", "NFD", "NFKC"):
        return unicodedata.normalize(how, text)
    if how == "invisible":
        return text[:1] + "\u200b" + text[1:]
    if how == "full width":
        return text.translate(_FULL_WIDTH)
    if how == "casefold":
        return text.casefold()
    if how == "upper":
        return text.upper()
    return text


_HOW = st.sampled_from(["NFC", "NFD", "NFKC", "invisible", "full width", "casefold", "upper",
                        "same"])
#: Pairs that full case folding or compatibility normalisation merge, and the same text
#: written in two forms (the call's side first: a call file refuses invisible characters).
_KNOWN = st.sampled_from([("straße", "STRASSE"), ("ſara", "sara"), ("ﬁlippo", "filippo"),
                          ("\u212aim", "kim"), ("jose\u0301", "josé"), ("ana", "ana\u200b"),
                          ("ａｎａ", "ana"), ("İlker", "ilker"), ("café", "CAFE\u0301"),
                          ("claire.morel", "claire\u2024morel"), ("claire", "\U0001d402laire"),
                          ("claire", "\u24d2laire"), ("claire", "clair\u1d49"),
                          ("claire", "c\u217caire")])

#: How an address is wrapped or decorated when it is copied from a mail client, a link, a web
#: page or a spreadsheet: before it, after it.
_WRAPS = st.sampled_from([("mailto:", ""), ("MAILTO:", ""), ("<", ">"), ("＜", "＞"), ('"', '"'),
                          ("'", "'"), ("", "."), ("", "．"), ("", "\u00a0"), ("\u00a0", ""),
                          ("", "\u2007"), ("", "\u202f"), ("", "\u3000"), ("", "\u200b"),
                          ("\ufeff", ""), ("", "\u2060"), ("", "\u200e"), ("(", ")"),
                          ("[", "]"), ("", ","), ("", ";"), ("", ">")])

def _not_only_letters(text: str) -> bool:
    """Whether ``text`` holds, beyond ASCII, a character that is not a letter or a digit
    alone: a sign, a mark or a modifier letter (which the e-mail check may refuse: form KC
    writes ``Ŀ`` as ``L·``, ``ŉ`` as ``ʼn``)."""
    return any(unicodedata.category(c) not in ("Lu", "Ll", "Lt", "Lo", "Nd") for c in text
               if not c.isascii())


_CLAUSES = ("equal", "equal-ci", "same-field", "same-field-ci", "in", "not-in", "contains",
            "contains-ci", "indexed", "table", "choice")


def _identity_call(word: str) -> callrules.Call:
    """A call with one clause per operator that compares texts, each holding when the
    application's texts are ``word``."""
    checks: dict[str, dict[str, Any]] = {
        "equal": {"op": "compare", "path": "host.role", "cmp": "==", "to": word},
        "equal-ci": {"op": "compare", "path": "host.role", "cmp": "==", "to": word,
                     "case_insensitive": True},
        "same-field": {"op": "compare", "path": "submitter.email", "cmp": "==",
                       "to": {"path": "host.person.email"}},
        "same-field-ci": {"op": "compare", "path": "submitter.email", "cmp": "==",
                          "to": {"path": "host.person.email"}, "case_insensitive": True},
        "in": {"op": "in", "path": "host.status", "set": [word]},
        "not-in": {"op": "not", "rule": {"op": "not_in", "path": "host.status",
                                         "set": [word]}},
        "contains": {"op": "contains", "path": "host.unit.affiliations", "value": word},
        "contains-ci": {"op": "contains", "path": "host.unit.affiliations", "value": word,
                        "case_insensitive": True},
        "indexed": {"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "exists", "path": "$root.documents", "where": {
                "op": "compare", "path": "owner", "cmp": "==", "to": {"path": "$v.id"}}}},
        "table": {"op": "compare", "path": "fields.grant", "cmp": "<=", "to": {
            "lookup": "rates", "key": [{"path": "$root.host.unit.code"}],
            "on": {"path": "$root.submitted_at"}}},
        "choice": {"op": "present", "path": "fields.stage"},
    }
    data = minimal_call(
        clauses=[{"id": c, "title": {"fr": c, "en": c}, "text": {"fr": c, "en": c}}
                 for c in _CLAUSES],
        fields={"application": {"grant": {"type": "money"},
                                "stage": {"type": "choice", "values": [word, "autre"]}}},
        parameters={"rates": {"table": {"keys": ["unit"], "value": "money", "currency": "EUR"},
                              "versions": [{"from": "2020-01-01", "source": "s", "rows": [
                                  {"key": [word], "value": "100.00"},
                                  {"key": ["*"], "value": "0.00"}]}]}})
    data["rules"] = [{"clause": c, "check": checks[c]} for c in _CLAUSES]
    return callrules.Call.from_dict(data)


def _application(word: str, other: str) -> dict[str, Any]:
    """The example whose texts the call compares are ``word`` on one side, ``other`` on the
    other side."""
    app = eligible_dict()
    app["host"]["role"] = app["host"]["status"] = app["host"]["unit"]["code"] = other
    app["host"]["unit"]["affiliations"] = [other]
    app["host"]["person"]["email"] = f"{word}@example.org"
    app["submitter"]["email"] = f"{other}@example.org"
    app["visitors"] = app["visitors"][:1]
    app["visitors"][0]["id"] = word
    app["documents"] = [{**doc, "owner": other} for doc in app["documents"]
                        if doc.get("owner") is not None]
    app["fields"] = {"grant": {"amount": "50.00", "currency": "EUR"}, "stage": other}
    return app


class TestOneIdentityOfText:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(word=_WORD, how=_HOW, known=st.none() | _KNOWN)
    def test_every_operator_agrees_with_unique(self, word: str, how: str,
                                               known: tuple[str, str] | None) -> None:
        """For any text and the same text written another way (another normal form, an
        invisible character, full width, folded or upper case), each operator that compares
        texts says "the same" exactly when their keys (those of ``unique``) are the same."""
        word, other = known if known is not None else (word, _written_otherwise(word, how))
        word, other = unicodedata.normalize("NFC", word), other
        call = _identity_call(word)
        try:
            report = callrules.evaluate(call, _application(word, other))
        except callrules.InputError as error:  # only the choice may refuse the other text,
            refused = {p.type for p in error.problems}  # and the e-mail check a sign
            assert refused <= {"choice", "email_address"} and refused
            if "email_address" in refused:  # no letter as written (``Ŀ`` in form KC: ``L·``)
                assert _not_only_letters(other), ascii(other)
            if "choice" in refused:
                assert text_key(word, False) != text_key(other, False)
            return
        failed = {f.clause for f in report.findings}
        same = text_key(word, False) == text_key(other, False)
        same_ci = text_key(word, True) == text_key(other, True)
        for clause in _CLAUSES:
            expected = same_ci if clause.endswith("-ci") else same
            assert (clause not in failed) is expected, (clause, word, other)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(known=_KNOWN)
    def test_one_per_host_agrees_with_the_host_clause(self, known: tuple[str, str]) -> None:
        """In the bundled call, the submitter is the host exactly when two applications of
        those two addresses are the same host for one-per-host."""
        call = callrules.calls.load("cnrs-amsud-2026")
        first, second = (f"{text}@ipgp.fr" for text in known)
        app = eligible_dict()
        app["submitter"]["email"], app["host"]["person"]["email"] = first, second
        report = callrules.evaluate(call, app)
        same_person = not [f for f in report.findings if f.clause == "host"]
        other = eligible_dict()
        other["id"] = "B"
        other["submitter"]["email"] = other["host"]["person"]["email"] = first
        app["submitter"]["email"] = second
        results = callrules.evaluate_many(call, [app, other])
        same_host = any(f.clause == "one-per-host" for item in results if item.report
                        for f in item.report.findings)
        assert same_person is same_host is (text_key(first, True) == text_key(second, True))


    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(word=_WORD, how=_HOW, wrap=st.none() | _WRAPS)
    def test_one_per_host_reads_an_address_as_it_is_or_refuses_it(
            self, word: str, how: str, wrap: tuple[str, str] | None) -> None:
        """An address wrapped or decorated as it is copied (``mailto:``, angle brackets,
        quotes, a final dot, a blank or an invisible character before or after it, in ASCII
        or full width) is the input problem ``email_address`` at each field holding it,
        naming the value in every language, never another host; an address accepted is the
        same host as itself however the batch writes its letters."""
        call = callrules.calls.load("cnrs-amsud-2026")
        first = eligible_dict()
        first["submitter"]["email"] = first["host"]["person"]["email"] = f"{word}@ipgp.fr"
        other = f"{_written_otherwise(word, how)}@ipgp.fr"
        if wrap is not None:
            other = wrap[0] + other + wrap[1]
        second = eligible_dict()
        second["id"] = "B"
        second["submitter"]["email"] = second["host"]["person"]["email"] = other
        results = callrules.evaluate_many(call, [first, second])
        assert results[0].report is not None
        if wrap is not None:
            assert results[1].report is None
            problems = results[1].error.problems
            assert {(p.pointer, p.type) for p in problems} == {
                ("/submitter/email", "email_address"), ("/host/person/email", "email_address")}
            for lang in ("fr", "en", "es", "pt"):
                assert visible(other, lang) in problems[0].message(lang)  # as typed
                assert "email_address" not in problems[0].message(lang)
            return
        if results[1].report is None:  # a sign no letter is, as written (``Ŀ`` in form KC)
            assert {p.type for p in results[1].error.problems} == {"email_address"}
            assert _not_only_letters(other), ascii(other)
            return
        same_host = any(f.clause == "one-per-host" for f in results[1].report.findings)
        assert same_host is (text_key(f"{word}@ipgp.fr", True) == text_key(other, True))


def _address_refused(address: str) -> Any:
    """The first problem of the bundled call's eligible application whose submitter and
    host both give ``address``, refused before it is judged."""
    app = eligible_dict()
    app["submitter"]["email"] = app["host"]["person"]["email"] = address
    [result] = callrules.evaluate_many(callrules.calls.load("cnrs-amsud-2026"), [app])
    assert result.report is None and result.error is not None
    return result.error.problems[0]


@pytest.mark.parametrize(("address", "char"), [("jo.\u0301se@ipgp.fr", "\u0301"),
                                             ("jo\u2603se@ipgp.fr", "\u2603")])
def test_a_character_refused_in_an_address_is_told_by_its_code_point_alone(
        address: str, char: str) -> None:
    """An address holding a character no address holds (an accent after a dot, a snowman)
    names it by its code point, in every language: never by its English name inside a
    French, Spanish or Portuguese sentence (« (U+0301, COMBINING ACUTE ACCENT) », att80)."""
    problem = _address_refused(address)
    for lang in ("fr", "en", "es", "pt"):
        said = problem.message(lang)
        assert f"(U+{ord(char):04X})" in said, said
        assert unicodedata.name(char) not in said, said


@pytest.mark.parametrize(("address", "char"), [
    ("joana@usp.br, mateo@uchile.cl", ","),
    ("joana@usp.br;mateo@uchile.cl", ";"), ("jo\u00a0ana@usp.br", "\u00a0"),
    ("jo\u3000ana@usp.br", "\u3000"), ("joana@usp.br\uff0cmateo@uchile.cl", "\uff0c")])
def test_a_blank_or_a_separator_between_an_address_s_letters_is_said_as_such(
        address: str, char: str) -> None:
    """A blank, a comma or a semicolon between an address's letters (a name typed in two
    words, two addresses given as one) is said as what it is, by its code point, in every
    language: never the advice for an address wrapped as it is copied (« mailto: », angle
    brackets, a blank around it), which does not apply (att80)."""
    problem = _address_refused(address)
    for lang in ("fr", "en", "es", "pt"):
        said = problem.message(lang)
        assert f"(U+{ord(char):04X})" in said and "mailto" not in said, said


#: How each language says that an address holds a plain space between its letters.
A_SPACE = {"en": "holds a space between its letters", "fr": "contient un espace entre ses lettres",
           "es": "contiene un espacio entre sus letras", "pt": "contém um espaço entre suas letras"}


@settings(max_examples=20, deadline=None)
@given(first=st.from_regex(r"[a-z]{1,8}", fullmatch=True),
       last=st.from_regex(r"[a-z.]{0,8}[a-z]", fullmatch=True),
       spaces=st.integers(1, 3), domain=st.sampled_from(["usp.br", "uchile.cl", "ipgp.fr"]))
@example(first="joana", last="silva", spaces=1, domain="usp.br").via("att80's address")
def test_a_plain_space_between_an_address_s_letters_is_said_in_words(
        first: str, last: str, spaces: int, domain: str) -> None:
    """Law: an address holding a plain space between its letters (a name typed in two
    words) is told, in every language, that it holds a space: in words, never « » with
    its code point (U+0020), which shows nothing and tells a reader nothing (session 54's
    "left")."""
    app = eligible_dict()
    app["submitter"]["email"] = app["host"]["person"]["email"] = \
        f"{first}{' ' * spaces}{last}@{domain}"
    [result] = callrules.evaluate_many(callrules.calls.load("cnrs-amsud-2026"), [app])
    assert result.report is None and result.error is not None
    for lang in ("fr", "en", "es", "pt"):
        said = result.error.problems[0].message(lang)
        assert A_SPACE[lang] in said and "U+" not in said and "mailto" not in said, said


class TestOneVisitorPerId:
    @settings(max_examples=40, deadline=None)
    @given(ids=st.lists(_WORD, min_size=1, max_size=6), twice=st.integers(0, 5), how=_HOW)
    @example(ids=["0"], twice=0, how="invisible")  # shown « 0[espace sans chasse] »: named
    def test_an_id_given_twice_is_bad_input(self, ids: list[str], twice: int,
                                            how: str) -> None:
        """Visitors given ids that are distinct texts are read; an id given again (written
        in any form of the same text) is the input problem ``duplicate_visitor_id`` at the
        second visitor's id, in every language, whatever else the application holds; the
        message shows the id as typed, each invisible character in it named in words
        (:func:`~callrules._i18n.visible`: « 0[espace sans chasse] »), never hidden."""
        app = eligible_dict()
        first = app["visitors"][0]
        written = [_written_otherwise(i, how) if n % 2 else i for n, i in enumerate(ids)]
        keys = [text_key(i, False) for i in written]
        if len(set(keys)) == len(keys):  # all distinct so far: repeat one, in another form
            source = twice % len(ids)
            written.append(_written_otherwise(written[source], how))
            keys.append(text_key(written[-1], False))
        app["visitors"] = [{**first, "id": i} for i in written]
        app["documents"] = []
        app["budget"] = {"lines": []}
        again = next((n for n, k in enumerate(keys) if k in keys[:n]), None)
        if again is None:  # the other form was another text after all
            callrules.parse_application(app)
            return
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(app)
        (problem,) = info.value.problems
        assert (problem.pointer, problem.type) == (f"/visitors/{again}/id",
                                                   "duplicate_visitor_id")
        for lang in ("fr", "en", "es", "pt"):
            assert visible(written[again], lang) in problem.message(lang)

    def test_the_bundled_call_refuses_one_cv_for_two_visitors(self) -> None:
        """Two visitors with the id of the one CV: not eligible by a shared document, but an
        unreadable record (exit 2), reported among the others of a batch."""
        app = eligible_dict()
        app["visitors"][1]["id"] = app["visitors"][0]["id"]
        results = callrules.evaluate_many(callrules.calls.load("cnrs-amsud-2026"),
                                          [app, eligible_dict()])
        assert [r.report is None for r in results] == [True, False]
        assert [p.type for p in results[0].error.problems] == ["duplicate_visitor_id"]


#: White space a person cannot see around an id: spaces, a no-break space, a narrow one.
_BLANKS = st.text(st.sampled_from(" \u00a0\u202f\u3000"), min_size=1, max_size=3)


class TestOneReadingOfAnId:
    @settings(max_examples=30, deadline=None)
    @given(blank=_BLANKS, before=st.booleans(),
           field=st.sampled_from([("id",), ("visitors", 0, "id"), ("documents", 1, "owner"),
                                  ("host", "role"), ("visitors", 0, "category")]))
    def test_an_identifier_with_surrounding_space_is_bad_input(
            self, blank: str, before: bool, field: tuple[str | int, ...]) -> None:
        """An identifier (an application's or a visitor's id, a reference, a code) that
        begins or ends with white space is the input problem ``surrounding_space`` at that
        field, worded in every language without the code."""
        app = eligible_dict()
        parent: Any = app
        for part in field[:-1]:
            parent = parent[part]
        value = parent[field[-1]]
        parent[field[-1]] = blank + value if before else value + blank
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(app)
        found = {(p.loc, p.type) for p in info.value.problems}
        assert (field, "surrounding_space") in found
        for lang in ("fr", "en", "es", "pt"):
            assert "surrounding_space" not in info.value.problems[0].message(lang)

    @settings(max_examples=20, deadline=None)
    @given(blank=st.text(st.sampled_from(" \u00a0\u202f"), max_size=2), how=_HOW)
    def test_a_score_names_the_application_whose_id_it_is(self, blank: str,
                                                          how: str) -> None:
        """A score's id, stripped of the blanks a spreadsheet leaves and written in any form
        of the same text, names the application of that id: its scores rank it; an id that
        is another text is an unknown application."""
        app = eligible_dict()
        app["id"] = "AMSUD-Café-1"
        written = blank + _written_otherwise(app["id"], how) + blank
        scores = [{"application": written, "reviewer": f"R{n}", "criterion": criterion,
                   "score": 4} for n in (1, 2) for criterion in ("fit", "cooperation",
                                                                 "durability")]
        result = callrules.select(callrules.calls.load("cnrs-amsud-2026"), [app], scores,
                                  envelope=callrules.Money("20000", "EUR"),
                                  now=callrules.parse_instant("2026-05-30T10:00:00+02:00"))
        same = text_key(written.strip(), False) == text_key(app["id"], False)
        assert (result.entry(app["id"]).decision is callrules.Decision.FUNDED) is same
        assert {p.code for p in result.problems} == (
            set() if same else {"score_unknown_application"})


def _listing_call(where: str, values: list[str]) -> dict[str, Any]:
    """A call listing ``values`` in one place: a choice's values, a literal set of a rule, a
    set parameter or a vocabulary's codes."""
    if where == "choice":
        return minimal_call(fields={"application": {"stage": {"type": "choice",
                                                              "values": values}}})
    if where == "set":
        return minimal_call({"op": "in", "path": "host.status", "set": values})
    if where == "parameter":
        return minimal_call({"op": "in", "path": "host.status", "set": {"param": "codes"}},
                            parameters={"codes": values})
    return minimal_call(vocabularies={"stages": {"fields": ["fields.stage"], "values": {
        value: {"fr": f"v{i}", "en": f"v{i}"} for i, value in enumerate(values)}}},
                        fields={"application": {"stage": {"type": "choice"}}})


class TestValuesListedOnce:
    @settings(max_examples=60, deadline=None)
    @given(words=st.lists(_WORD, min_size=1, max_size=5, unique=True), twice=st.integers(0, 4),
           how=_HOW, where=st.sampled_from(["choice", "set", "parameter", "vocabulary"]))
    def test_two_values_that_are_one_key_are_refused_where_values_are_listed(
            self, words: list[str], twice: int, how: str, where: str) -> None:
        """A list of values a call declares (a choice, a literal set, a set parameter, a
        vocabulary) that holds a value and the same value written another way (another
        normal form, full width, the same text, another case) is refused when the call
        loads, naming the second at its place; one whose keys as a rate table's lookup reads
        them (:func:`callrules._keys.code_key`) all differ loads."""
        words = [unicodedata.normalize("NFC", w) for w in words]
        first = words[twice % len(words)]
        other = _written_otherwise(first, how)
        if _CONTROL.search(other) or (where == "vocabulary" and other in words):
            return  # an invisible character is refused as such; a dict holds a key once
        values = [*words, other]
        keys = [code_key(v) for v in values]
        if len(set(keys)) == len(keys):
            callrules.Call.from_dict(_listing_call(where, values))
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(_listing_call(where, values))
        assert "listed twice" in caught.value.message
        assert caught.value.code == {"choice": "bad_field", "set": "listed_twice",
                                     "parameter": "bad_parameter",
                                     "vocabulary": "bad_vocabulary"}[where]
        second = next(i for i, k in enumerate(keys) if k in keys[:i])
        assert caught.value.loc[-1] in (second, values[second], "codes")

    def test_a_shared_vocabulary_or_named_set_of_one_key_twice_is_refused(
            self, registries: None) -> None:
        """``register_vocabulary`` and ``register_set`` refuse values that are one key
        (precomposed and decomposed), as a call file's vocabulary and sets do; a Python
        iterable repeating one text is still a set."""
        with pytest.raises(callrules.DefinitionError, match="listed twice"):
            callrules.calls.register_vocabulary("twice", {
                "caf\u00e9": {"en": "a"}, "cafe\u0301": {"en": "b"}})
        with pytest.raises(callrules.DefinitionError, match="listed twice") as caught:
            callrules.calls.register_set("twice", ["caf\u00e9", "x", "cafe\u0301"])
        assert caught.value.code == "bad_named_set"
        callrules.calls.register_set("twice", ["x", "x", "caf\u00e9"])

    @pytest.mark.parametrize("where", ["choice", "set", "parameter", "vocabulary"])
    @pytest.mark.parametrize("pair", [("paris", "PARIS"), ("athis-mons", "Athis Mons"),
                                      ("cote", "c\u00f4te"), ("l'ha\u00ff", "L\u2019HAY")])
    def test_values_a_lookup_reads_as_one_are_refused(self, where: str,
                                                      pair: tuple[str, str]) -> None:
        """Two values that differ only in case, accents or separators are one code to a rate
        table's lookup (att89 F1: ``PARIS`` got the ``paris`` row, 120 € a night instead of
        the ``*`` row's 80 €, ELIGIBLE instead of NOT ELIGIBLE): the call is refused at
        load, naming both, rather than read as two values by one part and one by another."""
        with pytest.raises(callrules.DefinitionError, match="listed twice") as caught:
            callrules.Call.from_dict(_listing_call(where, ["lyon", *pair]))
        assert ascii(pair[0]) in caught.value.message
        assert ascii(pair[1]) in caught.value.message
        assert "case, accents" in caught.value.message


class TestKeysCostLittle:
    """A text's key (form KC, ignorables, lowercase) is worked out once per text, not once per
    comparison: a rule comparing each of 1,000 items with each of 1,000 others compares a
    million pairs of texts (issue 16: 31 s for 100-character ids not in ASCII, > 120 s for
    480-character titles), and the memory the keys take is bounded by their characters."""

    def test_python_s_lowercase_is_the_simple_one_but_for_two_letters(self) -> None:
        """Over every code point: ``str.lower`` gives one character, and so the simple
        lowercase mapping, except for ``İ`` (two characters, kept as it is); in a text, it
        differs from the simple mapping only by the final ``ς`` it makes of ``Σ``."""
        longer = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF
                  if len(chr(c).lower()) != 1]
        assert longer == [0x130]
        every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
        assert _simple_lower(every) == "".join(
            low if len(low := char.lower()) == 1 else char for char in every)

    @settings(max_examples=60, deadline=None)
    @given(st.text(st.sampled_from("ΣσςİIıiAaÉé\u0301 .-ﬁ") | st.characters(), max_size=12))
    def test_lowercase_letter_by_letter(self, text: str) -> None:
        assert _simple_lower(text) == "".join(
            low if len(low := char.lower()) == 1 else char for char in text)

    def test_a_rule_comparing_many_pairs_works_out_each_key_once(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each visitor counts the documents of the others (``owner != $visitor.id``) with
        ids not in ASCII: each id is put in form KC a few times, not once per pair."""
        n, stem = 30, "ΣÉ\u0301ﬁ" * 5
        call = callrules.Call.from_dict(minimal_call({
            "op": "each", "path": "visitors", "as": "visitor", "rule": {
                "op": "compare", "cmp": "<=", "left": {"count": "$root.documents", "where": {
                    "op": "compare", "path": "owner", "cmp": "!=",
                    "to": {"path": "$visitor.id"}}}, "to": 1000}}))
        app = eligible_dict()
        app["visitors"] = [dict(app["visitors"][0], id=f"{stem}{i}") for i in range(n)]
        app["documents"] = [{"kind": "cv", "owner": f"{stem}{i}", "pages": 1}
                            for i in range(n)]
        app["budget"]["lines"] = [dict(app["budget"]["lines"][0],
                                       beneficiary=app["visitors"][0]["id"])]
        parsed = callrules.parse_application(app)
        calls = 0
        normalize = unicodedata.normalize

        def counted(form: Any, text: str) -> str:
            nonlocal calls
            calls += 1
            return normalize(form, text)

        monkeypatch.setattr(_keys.unicodedata, "normalize", counted)
        report = callrules.evaluate(call, parsed)
        assert report.eligible
        assert calls <= 8 * 2 * n  # before: 4 for each of the n × n pairs (3,600)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(8, 24), st.sampled_from(["\ufdfa", "\ufdfb", "\u3300\u33ff", "ΣÉ\u0301ﬁ",
                                                "Ab", "x"]),
           st.sampled_from(["==", "!="]), st.booleans())
    def test_each_text_is_keyed_once_per_evaluation_whatever_the_memo_holds(
            self, n: int, stem: str, cmp: str, fold: bool) -> None:
        """Each visitor counts the documents whose title is (or is not) its institution's name:
        n × n comparisons of texts, whose keys (form KC expands ``ﷺ`` into 18 characters)
        may overflow the memo shared by every evaluation, as here, where it holds nothing.
        Each distinct text is still keyed once in the evaluation, never once per pair
        (issue 16: 500 pairs of 500-character ``ﷺ`` texts ran over 60 s)."""
        call = callrules.Call.from_dict(minimal_call({
            "op": "each", "path": "visitors", "as": "v", "rule": {
                "op": "compare", "cmp": "<=", "to": 1000, "left": {
                    "count": "$root.documents", "where": {
                        "op": "compare", "path": "title", "cmp": cmp, "case_insensitive": fold,
                        "to": {"path": "$v.institution.name"}}}}}))
        app = eligible_dict()
        visitor = app["visitors"][0]
        app["visitors"] = [dict(visitor, id=f"v{i}", institution=dict(
            visitor["institution"], name=f"{i}{stem * 3}")) for i in range(n)]
        app["documents"] = [{"kind": "cv", "owner": f"v{i}", "pages": 1,
                             "title": f"{i}{stem * 3}"} for i in range(n)]
        app["budget"]["lines"] = [dict(app["budget"]["lines"][0], beneficiary="v0")]
        parsed = callrules.parse_application(app)
        keyed: list[str] = []
        worked_out = _keys._text_key

        def counted(text: str, case_insensitive: bool) -> str:
            keyed.append(text)
            return worked_out(text, case_insensitive)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_keys, "_MEMO_CHARACTERS", 0)  # the shared memo holds nothing
            patch.setattr(_keys, "_memo", ({}, {}))
            patch.setattr(_keys, "_text_key", counted)
            report = callrules.evaluate(call, parsed)
        assert report.eligible
        assert len(keyed) == len(set(keyed)) <= n  # before: once or twice per pair

    @settings(max_examples=20, deadline=None)
    @given(st.lists(st.text(st.sampled_from("ΣÉ\u0301ﬁab\u200b"), min_size=1, max_size=40),
                    min_size=1, max_size=30), st.booleans())
    def test_the_memory_of_keys_is_bounded_in_characters(self, texts: list[str],
                                                         fold: bool) -> None:
        """Whatever texts are compared, and however long, the keys remembered hold at most
        their bound of characters, and a key remembered is the key worked out."""
        for text in texts + ["é" * (_keys._MEMO_CHARACTERS // 3)] * 2:
            assert text_key(text, fold) == _keys._text_key(text, fold)
            assert text_key(text, fold) == _keys._text_key(text, fold)
            assert _keys._memo_size <= _keys._MEMO_CHARACTERS
            assert sum(len(t) + len(k) for memo in _keys._memo
                       for t, k in memo.items()) == _keys._memo_size
