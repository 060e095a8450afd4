"""One application per host: which addresses are the same, in memory and on disk alike."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import pickle
import re
import sqlite3
import tempfile
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules import _evaluate, _private_database, _spill_notice
from callrules._keys import text_key, written_form
from tests.laws import settings
from tests.test_batches import host_app
from tests.test_definitions import minimal_call

ZERO_WIDTH = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060",
                              "\ufe0f", "\U000e0041"])
#: Text with none of what the key removes or folds (ignorables, full-width forms).
plain = st.text(st.characters(exclude_categories=("Cs", "Cf", "Mn", "Cc"),
                              exclude_characters="\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"
                              "\u3000@", max_codepoint=0xFEFF), max_size=12)


#: The letters and digits (as written, or in form KC: ``Ŀ`` is ``L·``, ``ⓒ`` is ``c``).
_LETTERS = frozenset({"Lu", "Ll", "Lt", "Lo", "Lm", "Nd"})


#: The Latin letters form C accents (``ẹ``, ``ė``, ``ā``…) and the accents Latin letters
#: take (the acute, the dot below…: in a letter's form D).
ACCENTED = {c for c in map(chr, range(0xC0, 0x250)) if unicodedata.category(c) == "Ll"
            and len(unicodedata.normalize("NFD", c)) == 2}
LATIN_ACCENTS = {unicodedata.normalize("NFD", c)[1] for c in ACCENTED}


def stacked_accents(before: str) -> str:
    """The accents that may follow ``before`` (an address up to a mark): another accent of
    its script over a letter form C accented (Yoruba ``ẹ́``), each once; none else."""
    letter = before.rstrip("".join(LATIN_ACCENTS))
    accents = unicodedata.normalize("NFD", letter[-1:])[1:]
    return "".join(LATIN_ACCENTS - set(accents + before[len(letter):])) if accents else ""


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def folded(text: str) -> str:
    """The reference reading: form KC, each character by its lowercase when that is one
    character, form KC again, until neither changes the text."""
    for _ in range(4):
        text = unicodedata.normalize("NFKC", "".join(
            c.lower() if len(c.lower()) == 1 else c for c in unicodedata.normalize("NFKC", text)))
    return text


#: Every character (but ignorables) that form KC reads as one plain ASCII letter, digit or
#: sign of an address, by that plain one: the compatibility forms an applicant may type
#: (mathematical, circled, superscript, full-width letters, the one-dot leader…).
VARIANTS: dict[str, list[str]] = {}
for _code in range(0xA0, 0x1FFFF):
    _char = chr(_code)
    _plain = unicodedata.normalize("NFKC", _char)
    if _plain != _char and len(_plain) == 1 and (_plain.isascii() and (
            _plain.isalnum() or _plain in ".-_+@")) and text_key(_char, False):
        VARIANTS.setdefault(_plain, []).append(_char)


@st.composite
def compatibility_variant(draw: st.DrawFn, text: str) -> str:
    """``text`` with some of its characters replaced by a character form KC reads as it."""
    out = []
    for char in text:
        forms = VARIANTS.get(char, [])
        out.append(draw(st.sampled_from(forms)) if forms and draw(st.booleans()) else char)
    return "".join(out)


def swap_case(text: str, which: list[bool]) -> str:
    """``text`` with the chosen letters in their other case, where that is one letter that
    comes back to it."""
    out = []
    for char, swap in zip(text, which + [False] * len(text), strict=False):
        other = char.upper() if char.islower() else char.lower()
        out.append(other if swap and len(other) == 1 and (
            other.lower() == char or other.upper() == char) else char)
    return "".join(out)


class TestTheSameAddress:
    @given(plain, plain, st.booleans())
    def test_nfc_and_nfd_are_one_key(self, local: str, domain: str, fold: bool) -> None:
        """The same letters precomposed or decomposed are the same address."""
        text = f"{local}@{domain}"
        assert text_key(unicodedata.normalize("NFD", text), fold) == text_key(
            unicodedata.normalize("NFC", text), fold)

    @given(plain, st.lists(st.tuples(st.integers(0, 30), ZERO_WIDTH), max_size=4),
           st.booleans())
    def test_invisible_code_points_do_not_count(self, text: str,
                                                inserts: list[tuple[int, str]],
                                                fold: bool) -> None:
        """A zero-width space, joiner, soft hyphen or byte-order mark anywhere changes nothing."""
        damaged = text
        for where, char in inserts:
            at = where % (len(damaged) + 1)
            damaged = damaged[:at] + char + damaged[at:]
        assert text_key(damaged, fold) == text_key(text, fold)

    @given(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=20))
    def test_full_width_ascii_is_ascii(self, text: str) -> None:
        """ａｎａ＠ｃｎｒｓ．ｆｒ is ana@cnrs.fr, in any case."""
        assert text_key(full_width(text), True) == text_key(text, True)
        assert text_key(full_width(text.upper()), True) == text_key(text.lower(), True)

    @given(plain, plain)
    def test_nothing_else_is_merged(self, one: str, other: str) -> None:
        """Two local parts are one key exactly when they agree in form KC with every letter in
        its simple lowercase: ß is not ss, ς is not σ, É is é, ſ is s."""
        same = folded(one) == folded(other)
        assert (text_key(one, True) == text_key(other, True)) is same

    @given(st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9._+-]{0,15}@[a-z0-9-]{1,10}\.[a-z]{2,4}",
                         fullmatch=True), st.data(), st.booleans())
    def test_a_compatibility_form_is_the_plain_character(self, address: str,
                                                         data: st.DataObject,
                                                         fold: bool) -> None:
        """Law: an address with any of its characters written in a form that form KC reads
        as the plain one (``Claire․Morel``, ``𝐂laire``, ``ⓒlaire``, ``Clairᵉ``, ``Cⅼaire``,
        ``Claire﹒Morel``, ``ｃｌａｉｒｅ``) is the same key, with or without case."""
        variant = data.draw(compatibility_variant(address))
        assert text_key(variant, fold) == text_key(address, fold)
        key = text_key(variant, fold)
        assert text_key(key, fold) == key

    @given(plain, plain, st.lists(st.booleans(), max_size=12), st.sampled_from(
        [lambda s: s, lambda s: unicodedata.normalize("NFD", s), full_width,
         lambda s: s[:1] + "\u200b" + s[1:]]))
    def test_an_address_in_any_case_is_one_key(self, local: str, domain: str,
                                                which: list[bool], way: Any) -> None:
        """Law: any letters of an address (ASCII or not) written in their other case, in
        form C or D, full-width or with a zero-width space, give the same key; the key of a
        key is itself."""
        address = f"{local}@{domain}"
        variant = way(f"{swap_case(local, which)}@{swap_case(domain, which[::-1])}")
        key = text_key(address, True)
        assert text_key(variant, True) == key
        assert text_key(key, True) == key

    @pytest.mark.parametrize(("one", "other"), [
        ("ana@x.org", "\u0430na@x.org"), ("ole@x.org", "\u03bfle@x.org"),
        ("i@x.org", "\u0131@x.org")])
    def test_letters_that_only_look_alike_stay_apart(self, one: str, other: str) -> None:
        """Letters of another script (Cyrillic а, Greek ο, dotless ı) are other texts."""
        assert text_key(one, True) != text_key(other, True)

    @pytest.mark.parametrize(("one", "other"), [
        ("strasse@x.org", "stra\u00dfe@x.org"), ("\u03bf\u03c3@x.org", "\u03bf\u03c2@x.org"),
        ("i@x.org", "\u0130@x.org"), ("ss@x.org", "\u1e9e@x.org")])
    def test_case_folding_does_not_merge_distinct_spellings(self, one: str, other: str) -> None:
        """The addresses full case folding would merge stay apart: ß and ss, σ and final ς,
        i and İ, ẞ and ss (issue 16: different spellings, different addresses)."""
        assert text_key(one, True) != text_key(other, True)

    @pytest.mark.parametrize(("one", "other"), [
        ("selvin@x.org", "\u017felvin@x.org"), ("fix@x.org", "\ufb01x@x.org")])
    def test_another_glyph_of_a_letter_is_that_letter(self, one: str, other: str) -> None:
        """The long ſ is s and the ligature ﬁ is fi (form KC), as 𝐂 is C: a glyph, not a
        spelling."""
        assert text_key(one, True) == text_key(other, True)
        assert text_key(one, False) == text_key(other, False)

    @pytest.mark.parametrize(("one", "other"), [
        ("JOS\u00c9@x.org", "jos\u00e9@x.org"),
        ("JOSE.M\u00dcLLER@IPGP.FR", "jose.m\u00fcller@ipgp.fr"),
        ("\u039f\u03a3@x.org", "\u03bf\u03c3@x.org"), ("\u1e9e@x.org", "\u00df@x.org"),
        ("JOSE.MU\u0308LLER@x.org", "jose.m\u00fcller@x.org")])
    def test_non_ascii_letters_ignore_case(self, one: str, other: str) -> None:
        """JOSÉ is josé, MÜLLER (precomposed or not) is müller, ΟΣ is οσ, ẞ is ß."""
        assert text_key(one, True) == text_key(other, True)

    def test_the_domain_ignores_case_and_the_kelvin_sign_is_k(self) -> None:
        """Domains are lowercased whole; U+212A is canonically the letter K."""
        assert text_key("Ana@CNRS.FR", True) == text_key("ana@cnrs.fr", True)
        assert text_key("\u212aim@x.org", True) == text_key("kim@x.org", True)


class TestTheRuleOverABatch:
    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(0, 8)),
                    min_size=1, max_size=14), st.integers(1, 6))
    def test_in_memory_and_on_disk_decide_the_same(self, picks: list[tuple[int, int, int]],
                                                   spill_at: int) -> None:
        """Written in any of five ways and spilled at any point, the same hosts are found."""
        call = callrules.calls.load("cnrs-amsud-2026")
        ways = [lambda s: s, lambda s: s.replace("h", "H"),
                lambda s: unicodedata.normalize("NFD", s), full_width,
                lambda s: s[:1] + "\u200b" + s[1:]]
        apps = [host_app(f"a{n}", ways[way](f"h{host}é") + "@cnrs.fr",
                         f"2026-05-{10 + day:02d}T10:00:00+02:00")
                for n, (host, way, day) in enumerate(picks)]
        expected_first = {}
        for n, (host, _, _) in sorted(enumerate(picks), key=lambda p: (p[1][2], p[0])):
            expected_first.setdefault(host, f"a{n}")
        original = _evaluate._Unique.SPILL_AT
        try:
            _evaluate._Unique.SPILL_AT = spill_at
            result = callrules.evaluate_many(call, apps)
        finally:
            _evaluate._Unique.SPILL_AT = original
        for n, (item, (host, _, _)) in enumerate(zip(result, picks, strict=True)):
            assert item.report is not None
            firsts = [f.ctx["first"] for f in item.report.findings if f.code == "duplicate"]
            assert firsts == ([] if expected_first[host] == f"a{n}" else [expected_first[host]])

    @settings(max_examples=20, deadline=None)
    @given(st.data())
    def test_a_host_written_in_compatibility_forms_is_the_same_host(
            self, data: st.DataObject) -> None:
        """Law: the second application of a host whose address is written with characters
        form KC reads as plain ones (``Claire․Morel@ipgp.fr``, ``𝐂laire…``) is a duplicate,
        or its address is refused as not written to send mail (``﹫`` for the at sign, a
        ``․`` in the domain): never another host."""
        call = callrules.calls.load("cnrs-amsud-2026")
        address = "Claire.Morel@ipgp.fr"
        variant = data.draw(compatibility_variant(address).filter(lambda v: v != address))
        result = callrules.evaluate_many(call, [
            host_app("A", address, "2026-05-20T10:00:00+02:00"),
            host_app("B", variant, "2026-05-21T10:00:00+02:00")])
        reports = [item.report for item in result]
        assert reports[0] is not None
        if reports[1] is None:
            assert {p.type for p in result[1].error.problems} == {"email_address"}, variant
            return
        assert [f.ctx.get("first") for f in reports[1].findings if f.code == "duplicate"] == [
            "A"], variant

    @settings(max_examples=60, deadline=None)
    @given(st.characters(exclude_categories=("Cs",)), st.integers(0, 20),
           st.sampled_from(["Claire.Morel@ipgp.fr", "joana@usp.br", "Łukasz@uni.pl",
                            "ẹ́mi.col·la@col·legi.cat"]))
    def test_one_character_more_is_the_host_another_letter_or_refused(
            self, char: str, where: int, address: str) -> None:
        """Law: the host's address with one character more, anywhere (a braille blank, an
        object replacement character, a combining underline, a Tibetan mark, a Tifinagh
        modifier, ``。`` for the dot, ``‐`` for the hyphen, a leader ``‥`` at the end…), is
        the same host, or the address of another host spelt with letters and digits only
        (``ò`` is a letter), or is refused as ``email_address`` in words naming the
        character in every language: never another host told apart by a sign or a mark
        no one reads as a letter."""
        call = callrules.calls.load("cnrs-amsud-2026")
        variant = address[:where] + char + address[where:]
        result = callrules.evaluate_many(call, [
            host_app("A", address, "2026-05-20T10:00:00+02:00"),
            host_app("B", variant, "2026-05-21T10:00:00+02:00")])
        second = result[1].report
        if second is None:
            problems = result[1].error.problems
            assert {p.type for p in problems} == {"email_address"}, ascii(variant)
            for lang in ("fr", "en", "es", "pt"):
                said = problems[0].message(lang)
                assert "%(" not in said and "email_" not in said
                if (problems[0].ctx or {}).get("point"):
                    assert f"U+{ord(char):04X}" in said or "U+" in said, said
            return
        if any(f.ctx.get("first") == "A" for f in second.findings if f.code == "duplicate"):
            return
        def letter(char: str) -> bool:  # (ASCII: as RFC 5322 allows it)
            return char.isascii() or unicodedata.category(char) in _LETTERS

        written = written_form(variant)
        assert all(letter(c) or all(map(letter, unicodedata.normalize("NFKC", c)))
                   or (c == "·" and written[i - 1:i + 2:2].lower() == "ll")
                   or c in stacked_accents(written[:i]) for i, c in enumerate(written)), ascii(
            variant)

    @settings(max_examples=40, deadline=None)
    @given(st.sampled_from(sorted(ACCENTED)), st.sampled_from(sorted(LATIN_ACCENTS)),
           st.sampled_from(["col·legi", "CEL·LA", "i"]), st.integers(0, 2))
    def test_a_letter_as_its_language_writes_it_makes_another_host(
            self, accented: str, accent: str, word: str, where: int) -> None:
        """Law: an address holding letters as their languages write them, a letter form C
        accented with another accent of its script over it (Yoruba ``ẹ́``, Lithuanian
        ``ė́``, form C having no letter for both) or the Catalan ``l·l`` (in the local part,
        and in a domain as IDNA 2008 allows it), is judged, and is another host than the
        same address with the plain letter: never refused as a sign or a mark."""
        call = callrules.calls.load("cnrs-amsud-2026")
        letter = accented + (accent if accent not in unicodedata.normalize(
            "NFD", accented) else "")
        plain = unicodedata.normalize("NFD", accented)[0]
        address, other = ([f"{x}{word}", f"{word}.{x}", f"{word}{x}x"][where]
                          + f"@{word.lower()}.cat" for x in (letter, plain))
        result = callrules.evaluate_many(call, [
            host_app("A", address, "2026-05-20T10:00:00+02:00"),
            host_app("B", other, "2026-05-21T10:00:00+02:00")])
        second = result[1].report
        assert result[0].report is not None, (ascii(address), result[0].error)
        assert second is not None and not any(
            f.code == "duplicate" for f in second.findings), ascii(address)

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(
        ["\ufdfa", "\ufdfb", "\u3300", "ΣÉ\u0301ﬁ", "a"]), st.sampled_from([1, 60, 400])),
        min_size=1, max_size=12), st.integers(500, 20_000))
    def test_what_is_held_in_memory_is_bounded_in_characters(
            self, picks: list[tuple[int, str, int]], bound: int) -> None:
        """Law: a ``unique`` rule over a text keeps in memory at most its bound of characters
        (keys and values), whatever characters the texts hold (the key of ``ﷺ`` is 18
        characters: 2,000 applications of 5,000 held 586 MB, spilled only at 50,000
        entries), and decides as it does all in memory."""
        call = callrules.Call.from_dict(minimal_call(
            {"op": "unique", "path": "fields.motto", "case_insensitive": True},
            fields={"application": {"motto": {"type": "text", "max_length": 5000}}}))
        apps = []
        for n, (which, stem, length) in enumerate(picks):
            app = host_app(f"a{n}", f"h{n}@cnrs.fr", f"2026-05-{10 + n:02d}T10:00:00+02:00")
            app["fields"] = {"motto": f"{which}{stem * length}"[:5000]}
            apps.append(app)

        def duplicates(stream: _evaluate.Evaluation, held: list[int]) -> list[tuple[int, str]]:
            for _ in stream:
                unique = stream._uniques[0]
                held.append(sum(len(t) for k, e in (*unique.firsts.items(), *unique.later)
                                for t in (k, *e) if isinstance(t, str)))
            return [(i, f.ctx["first"]) for i, f in stream.corrections()]

        in_memory = duplicates(callrules.evaluate_stream(call, apps), [])
        held: list[int] = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate._Unique, "SPILL_CHARACTERS", bound, raising=False)
            spilled = duplicates(callrules.evaluate_stream(call, apps), held)
        assert spilled == in_memory
        assert max(held) <= bound

    def test_records_sharing_a_host_cost_the_same_each_on_disk(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """After the spill, each record writes one short row: the work per record does not
        grow with the number of records already seen for its host."""
        call = callrules.calls.load("cnrs-amsud-2026")
        traced: list[int] = []
        connect = sqlite3.connect

        def tracing(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            db = connect(*args, **kwargs)
            db.set_trace_callback(lambda sql: traced.append(len(sql)))
            return db

        monkeypatch.setattr(_evaluate._Unique, "SPILL_AT", 1)
        monkeypatch.setattr(_evaluate.sqlite3, "connect", tracing)
        base = host_app("x", "same@cnrs.fr", "2026-05-20T10:00:00+02:00")
        stream = callrules.evaluate_stream(call, (
            {**base, "id": f"a{n}", "submitted_at": f"2026-05-{20 - n % 10:02d}T10:00:00+02:00"}
            for n in range(400)))
        for _ in stream:
            pass
        assert len(stream.corrections()) == 399
        assert len(traced) < 4 * 400 and max(traced) < 400


#: A declared field of each type, and values of it drawn for the records of a batch.
ORDER_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "money": st.fixed_dictionaries({"amount": st.sampled_from(["90.00", "100.00", "100"]),
                                    "currency": st.sampled_from(["EUR", "USD", "JPY"])}),
    "decimal": st.sampled_from(["1.5", "1.50", "-2", "0"]),
    "integer": st.integers(-3, 3),
    "date": st.sampled_from(["2026-01-01", "2025-12-31"]),
    "instant": st.sampled_from(["2026-01-01T00:00:00Z", "2026-01-01T01:00:00+01:00",
                                "2025-12-31T23:00:00-05:00"]),
    "text": st.sampled_from(["a", "b"]),
    "boolean": st.booleans(),
}


class TestOrderBy:
    @settings(max_examples=60)
    @given(st.sampled_from(sorted(ORDER_FIELDS)), st.data(), st.integers(1, 5))
    def test_a_unique_rule_that_loads_orders_any_batch(self, kind: str, data: st.DataObject,
                                                       count: int) -> None:
        """Law: ``unique … order_by`` a declared field of any type is refused when the call
        loads (money among them: amounts of different applications are in their own
        currencies), or every batch gives one result per record, in memory and as a stream,
        and the applications sharing a host fail but the first."""
        definition = {
            "id": "order", "version": "1", "languages": ["en"], "title": {"en": "T"},
            "timezone": "Europe/Paris", "currency": "EUR",
            "timeline": {"deadline": "2026-06-01T17:00:00", "results": "2026-07-01"},
            "fields": {"application": {"rank": {"type": kind, "required": True}}},
            "clauses": [{"id": "c", "title": {"en": "C"}, "text": {"en": "C"}}],
            "rules": [{"clause": "c", "check": {"op": "unique", "path": "host.person.email",
                                                "order_by": "fields.rank"}}]}
        try:
            call = callrules.Call.from_dict(definition)
        except callrules.DefinitionError as error:
            assert (error.code, error.loc[-1]) == ("wrong_type", "order_by")
            assert kind in ("money", "text", "boolean")
            return
        apps = []
        for index in range(count):
            app = host_app(f"A{index}", "one@cnrs.fr", "2026-05-30T10:00:00+02:00")
            app["fields"] = {"rank": data.draw(ORDER_FIELDS[kind])}
            apps.append(app)
        batch = callrules.evaluate_many(call, apps)
        streamed = callrules.evaluate_stream(call, apps)
        assert len(list(streamed)) == len(batch) == count
        assert len(list(streamed.corrections())) == count - 1
        assert [item.report is not None and item.report.eligible for item in batch].count(
            True) == 1


#: The steps of the keys' life on disk a fault is injected at (the statement's first words).
STEPS = {"open": None, "pragma": "PRAGMA", "create": "CREATE", "spill": "INSERT INTO firsts",
         "look": "SELECT entry", "insert": "INSERT", "update": "UPDATE", "commit": "commit",
         "pairs": "SELECT l.entry", "write": ("INSERT", "UPDATE", "commit")}


class _Faulty:
    """A database standing for SQLite's, each statement first shown to ``_maybe_fail``."""

    db: sqlite3.Connection

    def _maybe_fail(self, sql: str) -> None:
        raise NotImplementedError

    def execute(self, sql: str, *args: Any) -> Any:
        self._maybe_fail(sql)
        return self.db.execute(sql, *args)

    def one(self, sql: str, *args: Any) -> Any:
        self._maybe_fail(sql)
        return self.db.one(sql, *args)

    def rows(self, sql: str, *args: Any) -> Any:
        self._maybe_fail(sql)
        return self.db.rows(sql, *args)

    def executemany(self, sql: str, rows: Any) -> Any:
        self._maybe_fail(sql)
        return self.db.executemany(sql, rows)

    def commit(self) -> None:
        self._maybe_fail("commit")
        self.db.commit()

    def rollback(self) -> None:
        self.db.rollback()

    def close(self) -> None:
        self.db.close()


class _Refusing(_Faulty):
    """A database whose disk refuses: the ``at``-th statement of ``step`` (and, ``full``,
    every write after it, as a disk filling does) fails as SQLite fails."""

    def __init__(self, db: sqlite3.Connection, step: str, at: int, full: bool) -> None:
        self.db, self.step, self.at, self.full, self.failing = db, step, at, full, False
        self.failed = 0

    def _maybe_fail(self, sql: str) -> None:
        writes = not sql.startswith(("SELECT", "rollback", "close"))
        if self.failing and (writes or self.step in ("look", "pairs")):  # (unreadable)
            self.failed += 1
            raise sqlite3.OperationalError("database or disk is full")
        if sql.startswith(STEPS[self.step]):
            self.at -= 1
            if self.at == 0:  # (the at-th alone: a file written again takes the next)
                self.failing = self.full
                self.failed += 1
                raise sqlite3.OperationalError("database or disk is full")



class TestADiskThatRefusesTheKeys:
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 8)), min_size=1, max_size=40),
           st.integers(1, 8), st.sampled_from(sorted(STEPS)), st.integers(1, 6), st.booleans(),
           st.integers(1, 5))
    @example([(0, 0), (0, 0), (0, 0)], 1, "commit", 2, False, 2)  # (refused again: taken back)
    @example([(0, 0), (0, 0)], 1, "pairs", 1, False, 1)  # (a read refused once: said too)
    def test_nothing_is_lost_and_the_verdicts_are_those_with_room(
            self, picks: list[tuple[int, int]], spill_at: int, step: str, at: int, full: bool,
            commit_every: int) -> None:
        """Law: whatever step of the keys' file the disk refuses (the file not made, a
        statement, a commit, a read once), and from then on every write (a disk filling),
        the batch gives N results of N records and the duplicates it finds with room on the
        disk, said once in words; only a file that can no longer be read back raises an
        ``OSError`` (never an error of SQLite's)."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{host}@cnrs.fr", f"2026-05-{10 + day:02d}T10:00:00+02:00")
                for n, (host, day) in enumerate(picks)]

        def duplicates(result: callrules.BatchResult) -> list[list[tuple[str, str]]]:
            assert len(result) == len(apps)
            return [[(f.code, f.ctx["first"]) for f in item.report.findings
                     if f.code == "duplicate"] for item in result if item.report is not None]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate._Unique, "SPILL_AT", spill_at)
            patch.setattr(_evaluate._Unique, "COMMIT_EVERY", commit_every)
            patch.setattr(_evaluate._Unique, "MOST_IN_MEMORY", 1 << 20)  # (no limit here)
            with_room = duplicates(callrules.evaluate_many(call, apps))
            made = _evaluate.PrivateDatabase
            faults: list[_Refusing] = []
            opened: list[str] = []

            def refusing() -> Any:
                opened.append(step)
                if step == "open":
                    raise OSError(28, "No space left on device")
                faults.append(_Refusing(made(), step, at, full))
                return faults[-1]

            patch.setattr(_evaluate, "PrivateDatabase", refusing)
            patch.setattr(_spill_notice, "_refusal_said", False)
            said: list[str] = []
            patch.setattr(_spill_notice._LOG, "warning",
                          lambda *a: said.append(a[0] % a[1:]))
            try:
                refused = duplicates(callrules.evaluate_many(call, apps))
            except OSError as exc:  # the file unreadable: only when reading back fails too
                assert full and step in ("look", "pairs"), exc
                assert not isinstance(exc, sqlite3.Error)
                return
        assert refused == with_room
        hit = "open" in opened or any(f.failed for f in faults)
        assert len(said) == (1 if hit else 0)
        assert all("TMPDIR" in text and "/" not in text for text in said)

    @settings(max_examples=15, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 8)), min_size=1, max_size=40),
           st.integers(1, 3), st.integers(0, 4))
    @example([(n, n % 3) for n in range(12)], 1, 4)  # (refused for ever: stopped at 4 × 1)
    @example([(n % 7, n % 3) for n in range(20)], 2, 2)  # (taken on the third time)
    def test_memory_is_bounded_while_the_disk_refuses(
            self, picks: list[tuple[int, int]], spill_at: int, refusals: int) -> None:
        """Law: with the temporary folder refusing the keys' file (``refusals`` times, 4: for
        ever), the keys in memory never pass ``MOST_IN_MEMORY`` times their bound: the folder
        is offered them again each time they double (a disk given room takes them, and the
        batch decides as with room), and one refusing every offer up to the limit stops the
        batch there with
        :class:`NoRoomError`, an ``OSError`` said in words in each language, the most in the
        reader's digits; its databases never left open."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{host}@cnrs.fr", f"2026-05-{10 + day:02d}T10:00:00+02:00")
                for n, (host, day) in enumerate(picks)]
        most = 4
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate._Unique, "SPILL_AT", spill_at)
            patch.setattr(_evaluate._Unique, "MOST_IN_MEMORY", most)
            patch.setattr(_spill_notice, "_refusal_said", False)
            patch.setattr(_spill_notice._LOG, "warning", lambda *a: None)
            with_room = [item.report.findings for item in callrules.evaluate_many(call, apps)
                         if item.report is not None]
            made, attempts, opened, held = _evaluate.PrivateDatabase, [], [], []

            def refusing() -> Any:
                attempts.append(1)
                if refusals == 4 or len(attempts) <= refusals:
                    raise OSError(28, "No space left on device")
                opened.append(made())
                return opened[-1]

            seen = _evaluate._Unique._see

            def counted(unique: Any, key: Any, entry: Any) -> None:
                try:
                    seen(unique, key, entry)
                finally:
                    held.append(unique.held)

            patch.setattr(_evaluate, "PrivateDatabase", refusing)
            patch.setattr(_evaluate._Unique, "_see", counted)
            try:
                refused = [item.report.findings for item in callrules.evaluate_many(call, apps)
                           if item.report is not None]
            except callrules.NoRoomError as exc:
                # (stopped only where every offer was refused, the last at the limit)
                assert refusals == 4 or len(attempts) <= refusals
                # (the limit reached: said as the warning says it, never one more)
                assert max(held) == spill_at * most == exc.most
                assert isinstance(exc, OSError) and exc.errno == 28
                said = {lang: exc.message_in(lang) for lang in ("en", "fr", "es", "pt")}
                assert len(set(said.values())) == 4
                assert all(str(exc.most) in text and "/" not in text
                           for text in said.values())
                assert "1\u202f000" in callrules.NoRoomError(1000).message_in("fr")
                again = pickle.loads(pickle.dumps(exc))  # (from a Dask worker)
                assert (again.errno, again.most, str(again)) == (28, exc.most, str(exc))
                assert f"({exc.most})" in str(exc)
                return
            finally:
                assert all(database.db is None or not database._closing.alive
                           for database in opened)
        assert refused == with_room
        assert max(held, default=0) <= spill_at * most
        assert len(attempts) <= len(call.batch_rules) * (1 + most.bit_length())


    def test_a_disk_given_room_takes_the_keys_kept_over_its_file(self) -> None:
        """A disk refusing the keys' file once (a transient refusal) once it holds more than
        memory may: the file is kept, read only, the keys seen since in memory over it, and
        they are written into that same file when offered again, which takes them: every
        record judged, every duplicate given, one file made (before: the file read back,
        then copied to a second file beside it)."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{n % 250}@cnrs.fr", f"2026-05-{10 + n % 9:02d}T10:00:00+02:00")
                for n in range(600)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_spill_notice, "_refusal_said", True)
            patch.setattr(_evaluate._Unique, "SPILL_AT", 10)
            patch.setattr(_evaluate._Unique, "COMMIT_EVERY", 5)
            with_room = _duplicates(_corrections(call, apps))
            made, faults = _evaluate.PrivateDatabase, []

            def refusing_once() -> Any:  # (its 40th commit: some 200 keys on it)
                faults.append(_Refusing(made(), "commit", 40, False))
                return faults[-1]
            patch.setattr(_evaluate, "PrivateDatabase", refusing_once)
            stream = callrules.evaluate_stream(call, apps, progress=False)
            assert sum(item.report is not None for item in stream) == 600
            assert _duplicates(stream.corrections()) == with_room
        assert len(with_room) == 350 and len(faults) == 1 and faults[0].failed == 1

    def test_a_folder_that_stays_full_stops_the_batch_in_words_with_one_file(self) -> None:
        """A disk refusing the keys' file for good once it has taken some (a file of 40 pages
        of 512 bytes): the file is kept, read only, the keys seen since in memory over it,
        offered to it again as they double; past the most memory may hold, the batch stops
        with :class:`~callrules.NoRoomError` in words before its next record, never a
        second file, never an error of SQLite's, memory never holding more than the most
        and a key's first read from the file; every record whose keys were taken has its
        report, in order (N in, N out for them); a later ``next()`` says the batch stopped,
        its corrections that there was no room (never that it was closed); no database is
        left open (before: 96 records judged, the keys read back then copied to a second
        file beside the first)."""
        Small, made = _small_disks(lambda made: 40)
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{n}@cnrs.fr", "2026-05-10T10:00:00+02:00")
                for n in range(600)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate, "PrivateDatabase", Small)
            patch.setattr(_spill_notice, "_refusal_said", True)
            patch.setattr(_evaluate._Unique, "SPILL_AT", 10)
            patch.setattr(_evaluate._Unique, "COMMIT_EVERY", 5)
            seen, see = [], _evaluate._Unique.see

            def counted(unique: Any, index: int, app: Any) -> None:
                seen.append(index)
                see(unique, index, app)
            patch.setattr(_evaluate._Unique, "see", counted)
            stream = callrules.evaluate_stream(call, apps, progress=False)
            reported: list[Any] = []
            with pytest.raises(callrules.NoRoomError) as stopped:
                reported.extend(stream)
            with pytest.raises(callrules.BatchStateError) as after:
                next(stream)
            with pytest.raises(callrules.NoRoomError) as gone:
                stream.corrections()
        assert 96 < len(reported) == len(seen) < 600
        assert [item.index for item in reported] == list(range(len(reported)))
        assert all(item.report is not None for item in reported)
        assert len(made) == 1  # (the file kept, read only: never a second beside it)
        assert not isinstance(stopped.value, sqlite3.Error)
        assert stopped.value.most == 10 * 8  # (the most memory may hold, as the warning says)
        said = {lang: stopped.value.message_in(lang) for lang in ("en", "fr", "es", "pt")}
        assert len(set(said.values())) == 4 and all("TMPDIR" in text for text in said.values())
        assert after.value.code == "batch_stopped"
        assert (gone.value.code, gone.value.most) == ("no_room_for_keys", stopped.value.most)
        assert all(not database._closing.alive for database in made)


class TestADiskThatFills:
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 8)), min_size=1, max_size=40),
           st.integers(1, 3), st.sampled_from([2, 4]), st.integers(1, 5),
           st.sampled_from(["open", "spill", "insert", "update", "commit"]), st.integers(1, 6))
    @example([(n, 0) for n in range(12)] + [(n, 1) for n in range(12)], 1, 2, 30, "commit", 2)
    # (a key's first read from the file and its entry held at once: 14 for a most of 12)
    @example([(0, 0), (0, 0), (1, 0), (2, 0), (3, 0)] + [(0, 0)] * 8 + [(1, 0), (2, 0)], 3, 4, 1,
             "spill", 2)
    def test_n_in_n_out_every_duplicate_unless_stopped_and_memory_bounded(
            self, picks: list[tuple[int, int]], spill_at: int, most: int, commit_every: int,
            step: str, at: int) -> None:
        """Law: a temporary folder that fills (from the ``at``-th statement of ``step`` on,
        every write refused, every read still answered, each fresh file alike) never makes
        memory hold more than the most it may (``most`` times the bound, one entry over
        it at the moment it stops); the batch gives N results of N records and every
        duplicate found with room on the disk, unless it stops, with
        :class:`~callrules.NoRoomError` alone, before its end and only with more keys than
        memory may hold; every record it reported has its report, in order; its
        corrections asked after say again that there was no room. Stopping once every
        record is judged would save nothing (before: the last commit refused, every
        correction lost, and the whole file read back into memory, 3.9 times the most)."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{host}@cnrs.fr", f"2026-05-{10 + day:02d}T10:00:00+02:00")
                for n, (host, day) in enumerate(picks)]
        bound = spill_at * most
        with _keys_bounded(spill_at, most, commit_every) as patch:
            with_room = _duplicates(_corrections(call, apps))
            made = _evaluate.PrivateDatabase
            faults: list[_Refusing] = []

            def filling() -> Any:
                if step == "open":
                    raise OSError(28, "No space left on device")
                faults.append(_Refusing(made(), step, at, True))
                return faults[-1]

            held: list[int] = []
            seen: list[int] = []

            def watching(was: Any) -> Any:
                def watched(unique: Any, *args: Any) -> Any:
                    held.append(unique.held)
                    return was(unique, *args)
                return watched
            for name in ("_over", "_spill"):  # (where memory is at its fullest)
                patch.setattr(_evaluate._Unique, name, watching(getattr(_evaluate._Unique, name)))
            see = _evaluate._Unique.see

            def counted(unique: Any, index: int, app: Any) -> None:
                seen.append(index)
                see(unique, index, app)
            patch.setattr(_evaluate._Unique, "see", counted)
            patch.setattr(_evaluate, "PrivateDatabase", filling)
            reported, stopped = _streamed_until_no_room(call, apps, with_room)
            if stopped is not None:
                assert len(reported) < len(apps)  # (stopped before its end, never after)
                assert len(seen) >= bound  # (as many keys as memory may hold, or more)
                assert stopped.most == bound  # (the most it may hold, as the warning says)
        assert [item.index for item in reported] == list(range(len(reported)))
        assert all(item.report is not None for item in reported)
        assert max(held, default=0) <= bound + 1
        assert all(not fault.db._closing.alive for fault in faults)

    @settings(max_examples=60, deadline=None)
    @given(st.integers(1, 50), st.integers(1, 9), st.integers(1, 120), st.integers(1, 3),
           st.sampled_from([2, 4]), st.integers(1, 6))
    @example(30, 7, 28, 2, 2, 10)  # (the commit made for the last record refused)
    def test_a_stop_falls_before_a_record_left_and_the_room_is_never_needed_twice(
            self, records: int, pool: int, refused_at: int, spill_at: int, most: int,
            commit_every: int) -> None:
        """Law over batch sizes and the write from which a filling disk refuses every write
        (every read still answered): the batch gives N results of N records and every
        duplicate found with room on the disk, unless memory, holding the keys the disk
        refuses, passes the most it may hold (by one entry, or two: a key's first read
        from the file with it; or by the entries written since the last commit, seen
        again over the file) with a record still to read: then it stops there with
        :class:`~callrules.NoRoomError`, every record whose keys were taken reported, in
        order (N in, N out for them), its corrections saying again that there was no room.
        Never two of the keys' files open at once (the room they take needed twice).
        Before: the commit made for the batch's last record refused stopped a batch that
        had read every record, that record's result and every correction lost; a stop fell
        within a record, its result lost; a second file was written beside the first."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{n % pool}@cnrs.fr",
                         f"2026-05-{10 + n % 9:02d}T10:00:00+02:00") for n in range(records)]
        bound = spill_at * most
        with _keys_bounded(spill_at, most, commit_every) as patch:
            with_room = _duplicates(_corrections(call, apps))
            made = _evaluate.PrivateDatabase
            faults: list[_Refusing] = []
            open_at_once: list[int] = []

            def filling() -> Any:
                open_at_once.append(1 + sum(fault.db._closing.alive for fault in faults))
                faults.append(_Refusing(made(), "write", refused_at, True))
                return faults[-1]
            held: list[int] = []
            seen: set[int] = set()
            over, see = _evaluate._Unique._over, _evaluate._Unique.see

            def watched(unique: Any) -> bool:
                held.append(unique.held)
                return over(unique)

            def counted(unique: Any, index: int, app: Any) -> None:
                seen.add(index)
                see(unique, index, app)
                held.append(unique.held)  # (once out of room too)
            patch.setattr(_evaluate._Unique, "_over", watched)
            patch.setattr(_evaluate._Unique, "see", counted)
            patch.setattr(_evaluate, "PrivateDatabase", filling)
            reported, stopped = _streamed_until_no_room(call, apps, with_room)
            if stopped is not None:
                assert len(reported) == len(seen) < len(apps)  # (a record left after them)
                assert stopped.most == bound  # (memory full, said as the warning says it)
        assert [item.index for item in reported] == list(range(len(reported)))
        assert all(item.report is not None for item in reported)
        # (the entries written since the last commit seen again over the file, each with its
        # key's first: more than the most only where they are, a bound of these tests alone)
        assert max(held, default=0) <= max(bound, 2 * commit_every) + 2
        assert max(open_at_once, default=0) <= 1
        assert all(not fault.db._closing.alive for fault in faults)

    def test_the_last_commit_refused_gives_every_duplicate_from_the_file(self) -> None:
        """The disk filling as the batch ends (its last commit refused, the file still
        read): every duplicate is given, read from the file as it was last committed with
        the entries seen since merged in memory, never the file read back whole (before:
        0 of the duplicates, NoRoomError, memory holding 3.9 times the most)."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{n % 7}@cnrs.fr", f"2026-05-{10 + n % 9:02d}T10:00:00+02:00")
                for n in range(60)]
        with _keys_bounded(2, 2, 7) as patch:
            with_room = _duplicates(_corrections(call, apps))
            made, faults = _evaluate.PrivateDatabase, []

            def last_commit_refused() -> Any:
                faults.append(_Refusing(made(), "commit", 1 + 57 // 7 + 1, True))  # (the last)
                return faults[-1]
            patch.setattr(_evaluate, "PrivateDatabase", last_commit_refused)

            stream = callrules.evaluate_stream(call, apps, progress=False)
            assert len(list(stream)) == 60
            pairs = _evaluate._Unique._pairs
            held: list[int] = []

            def watched(self: Any) -> Any:
                yield from pairs(self)
                held.append(self.held)
            patch.setattr(_evaluate._Unique, "_pairs", watched)
            assert _duplicates(stream.corrections()) == with_room
        assert len(with_room) == 53 and faults[0].failed == 1
        assert held[0] <= 2 * 7  # (the entries since the last commit, never the file)
        assert len(faults) == 1 and not faults[0].db._closing.alive


class TestAFileThatCannotBeReadAgain:
    @settings(max_examples=30, deadline=None)
    @given(st.integers(1, 40), st.integers(1, 9), st.integers(1, 60))
    @example(40, 7, 3)  # (before: 6 results given, the batch counting 7)
    def test_the_stop_falls_before_the_next_record_in_one_message(
            self, records: int, pool: int, at: int) -> None:
        """Law: the keys' file becoming unreadable (the ``at``-th read of a key refused, then
        every statement, reads too) as a record's keys are seen: that record's result is
        given, and the batch stops before its next record (as the stop for want of room
        does) with an ``OSError`` (EIO), never an error of SQLite's, its file closed; the
        results given are those it counts (run again from the first not given, none is
        lost); said in that one error, never after the warning that the keys are kept in
        memory and nothing is lost; with no record left, its corrections raise it. Before:
        the stop fell within the record, its result lost (6 given, 7 counted), and the
        warning said nothing was lost just before the error said the file was unreadable."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{n % pool}@cnrs.fr",
                         f"2026-05-{10 + n % 9:02d}T10:00:00+02:00") for n in range(records)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate._Unique, "SPILL_AT", 3)
            patch.setattr(_evaluate._Unique, "COMMIT_EVERY", 5)
            with_room = _duplicates(_corrections(call, apps))
            made, faults = _evaluate.PrivateDatabase, []

            def unreadable() -> Any:
                faults.append(_Refusing(made(), "look", at, True))
                return faults[-1]
            patch.setattr(_evaluate, "PrivateDatabase", unreadable)
            patch.setattr(_spill_notice, "_refusal_said", False)
            said: list[str] = []
            patch.setattr(_spill_notice._LOG, "warning", lambda *a: said.append(a[0] % a[1:]))
            stream = callrules.evaluate_stream(call, apps, progress=False)
            given_back: list[Any] = []
            try:
                given_back.extend(stream)
                found = _duplicates(stream.corrections())
            except OSError as exc:
                assert not isinstance(exc, (sqlite3.Error, callrules.NoRoomError))
                assert exc.errno == errno.EIO
                # said in words, with no path: the folder's, which nobody typed (before,
                # « Impossible de lire /tmp : … »)
                assert isinstance(exc, callrules.KeysUnreadableError), exc
                assert exc.filename is None and exc.code == "keys_unreadable"
                worded = {lang: exc.message_in(lang) for lang in ("fr", "en", "es", "pt")}
                assert len(set(worded.values())) == 4, worded
                assert not any(tempfile.gettempdir() in text for text in worded.values())
                # (the same English words as a sentence, look75v 4c)
                assert worded["en"].rstrip(".").casefold() == str(exc).casefold()
                # no claim that results given before stand: the text and json formats give
                # none before the end, nor does evaluate_many (look75v 2)
                claims = ("restent valables", "given before stand", "siguen siendo válidos",
                          "continuam valendo")
                assert not any(claim in text
                               for claim, text in zip(claims, worded.values(), strict=True))
                assert len(given_back) == stream.count  # (none judged and not given)
                assert said == []  # (one message: the file cannot be read)
                if len(given_back) < len(apps):
                    with pytest.raises(callrules.BatchStateError):
                        next(stream)
            else:
                assert len(given_back) == len(apps) and found == with_room
        assert [item.index for item in given_back] == list(range(len(given_back)))
        assert all(not fault.db._closing.alive for fault in faults)

    @pytest.mark.parametrize("stop", ["unreadable", "source"])
    def test_the_dask_path_leaves_no_file_open(self, stop: str) -> None:
        """One rule's findings over a group of applications (:func:`rule_findings`, the Dask
        path), its keys on a file: the file unreadable, or the applications raising, the
        file is closed at once (before, unreadable: left open till collected, its disk
        space held, where a batch's own path closed it)."""
        call = callrules.calls.load("cnrs-amsud-2026")
        parsed = [_evaluate.parse_application(host_app(
            f"a{n}", f"h{n % 7}@cnrs.fr", f"2026-05-{10 + n % 9:02d}T10:00:00+02:00"))
            for n in range(40)]

        def applications() -> Any:
            yield from parsed[:30]
            if stop == "source":
                raise RuntimeError("the group's source failed")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate._Unique, "SPILL_AT", 3)
            patch.setattr(_evaluate._Unique, "COMMIT_EVERY", 5)
            patch.setattr(_spill_notice, "_refusal_said", True)
            made, faults = _evaluate.PrivateDatabase, []

            def unreadable() -> Any:
                faults.append(_Refusing(made(), "look", 10, True) if stop == "unreadable"
                              else _Refusing(made(), "pairs", 1 << 20, True))  # (never)
                return faults[-1]
            patch.setattr(_evaluate, "PrivateDatabase", unreadable)
            with pytest.raises(OSError if stop == "unreadable" else RuntimeError):
                _evaluate.rule_findings(call, 0, applications())
        assert faults and all(not fault.db._closing.alive for fault in faults)


class TestOneRuleForTheFirst:
    @settings(max_examples=50, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2)),
                    min_size=1, max_size=30), st.integers(1, 40), st.booleans(),
           st.integers(1, 4))
    @example([(0, 1, 1), (0, 1, 1), (0, 0, 2), (0, 1, 0)], 2, True, 1)  # (ties, then earlier)
    def test_memory_the_file_and_memory_over_it_keep_the_same_first(
            self, picks: list[tuple[int, int, int]], refused_at: int, full: bool,
            commit_every: int) -> None:
        """Law: over entries of random keys, orders and indices, with ties (a record's key
        written twice, two records of one order), each key's first and its later ones are
        the same kept in memory, on the keys' file (its statements), and in memory over a
        file refusing writes from any of them (for good, or once and then written into it
        again): the earlier by order, then index, of two alike the one seen first."""
        entries = [(f"k{key}", (order, index, f"e{n}", n, order, (n,), None, None))
                   for n, (key, order, index) in enumerate(picks)]

        def pairs(spill_at: int, refusing: bool) -> list[tuple[str, str]]:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(_evaluate._Unique, "SPILL_AT", spill_at)
                patch.setattr(_evaluate._Unique, "COMMIT_EVERY", commit_every)
                patch.setattr(_evaluate._Unique, "MOST_IN_MEMORY", 1 << 20)
                patch.setattr(_spill_notice, "_refusal_said", True)
                made = _evaluate.PrivateDatabase
                if refusing:
                    patch.setattr(_evaluate, "PrivateDatabase",
                                  lambda: _Refusing(made(), "write", refused_at, full))
                unique = _evaluate._Unique(None)  # type: ignore[arg-type]
                for key, entry in entries:
                    unique._see(key, entry)
                try:
                    return sorted((later[2], first[2]) for later, first in unique._pairs())
                finally:
                    unique.close()

        in_memory = pairs(1 << 20, False)
        assert pairs(1, False) == in_memory  # (on the file from the second entry)
        assert pairs(1, True) == in_memory
        assert len(in_memory) == len(entries) - len({key for key, _ in entries})


@contextlib.contextmanager
def _keys_bounded(spill_at: int, most: int, commit_every: int
                  ) -> Iterator[pytest.MonkeyPatch]:
    """The keys spilled to disk past ``spill_at`` per rule, memory holding at most ``most``
    times that once the disk refuses them, a commit every ``commit_every`` records, and the
    disk's refusal already said (its warning once a process): the patch, for more."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_evaluate._Unique, "SPILL_AT", spill_at)
        patch.setattr(_evaluate._Unique, "MOST_IN_MEMORY", most)
        patch.setattr(_evaluate._Unique, "COMMIT_EVERY", commit_every)
        patch.setattr(_spill_notice, "_refusal_said", True)
        yield patch


def _streamed_until_no_room(call: Any, apps: list[Any], with_room: list[tuple[int, str, str]]
                            ) -> tuple[list[Any], callrules.NoRoomError | None]:
    """``apps`` streamed: what was reported and the :class:`~callrules.NoRoomError` that
    stopped the stream, its corrections then saying again that there was no room (as
    much as it said); or, read to the end, every record reported and ``with_room``'s
    duplicates found."""
    stream = callrules.evaluate_stream(call, apps, progress=False)
    reported: list[Any] = []
    try:
        reported.extend(stream)
    except callrules.NoRoomError as exc:
        with pytest.raises(callrules.NoRoomError) as again:
            stream.corrections()
        assert again.value.most == exc.most
        return reported, exc
    assert len(reported) == len(apps)
    assert _duplicates(stream.corrections()) == with_room
    return reported, None


def _corrections(call: Any, apps: list[Any]) -> list[tuple[int, Any]]:
    """The corrections of ``apps`` as one batch, the disk as it is."""
    stream = callrules.evaluate_stream(call, apps, progress=False)
    list(stream)
    return stream.corrections()


@pytest.mark.parametrize(("spill_characters", "long"), [(1 << 22, False), (500, True)])
def test_the_warning_of_a_refusing_disk_says_the_bound_that_applies(
        spill_characters: int, long: bool) -> None:
    """The warning said when the temporary folder first refuses the keys' file says how
    many keys memory may hold: the bound of entries (``MOST_IN_MEMORY`` times
    ``SPILL_AT``), or, where keys as long as those held reach the bound of their characters
    first, about as many as fit in it (rounded down to two digits), said so. Before, it
    said the bound of entries whatever their length: "past 400,000 keys" where memory
    would stop long before."""
    call = callrules.calls.load("cnrs-amsud-2026")
    apps = [host_app(f"a{n}", f"h{n}@cnrs.fr", "2026-05-10T10:00:00+02:00")
            for n in range(40)]
    said: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_evaluate._Unique, "SPILL_AT", 30)
        patch.setattr(_evaluate._Unique, "SPILL_CHARACTERS", spill_characters)
        patch.setattr(_evaluate._Unique, "MOST_IN_MEMORY", 1 << 10)
        patch.setattr(_evaluate, "PrivateDatabase", _no_room)
        patch.setattr(_spill_notice, "_refusal_said", False)
        patch.setattr(_spill_notice._LOG, "warning", lambda *a: said.append(a[0] % a[1:]))
        callrules.evaluate_many(call, apps, progress=False)
    (warning,) = said
    entries = f"past {30 << 10:,} keys (fewer, if they are long)"
    assert (entries in warning) is not long, warning
    if long:  # (some 40 characters an entry: 500 × 1,024 of them, some 13,000 keys)
        most = int(warning.split("past about ")[1].split(" keys")[0].replace(",", ""))
        assert 5_000 <= most < 30 << 10 and str(most).rstrip("0") == str(most)[:2].rstrip("0")


def _small_disks(pages: Callable[[int], int | None]
                 ) -> tuple[type[_private_database.PrivateDatabase], list[Any]]:
    """A kind of private database each of whose files holds at most ``pages(n)`` pages of
    512 bytes (``n``: how many were made, this one included; None: a file as any), and the
    list of those made."""
    made: list[Any] = []

    class Small(_private_database.PrivateDatabase):
        __slots__ = ()

        def __init__(self) -> None:
            super().__init__()
            made.append(self)
            most = pages(len(made))
            if most is not None:
                self.db.execute("PRAGMA page_size = 512")
                self.db.execute(f"PRAGMA max_page_count = {most}")

    return Small, made


def _no_room() -> Any:
    raise OSError(28, "No space left on device")


def _cannot_open(path: str, **options: Any) -> Any:
    raise sqlite3.OperationalError("unable to open database file")


class TestTheKeysFileIsClosedAtOnce:
    @pytest.mark.parametrize("removed_while_open", [True, False], ids=["posix", "windows"])
    def test_a_batch_stopped_by_its_records_leaves_nothing_open(
            self, removed_while_open: bool, tmp_path: Any,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """The caller's records raising (an error of the library's passes through) after the
        keys went to disk: the file is closed and removed at once, not when the batch is
        collected (here never: it is still held), on Windows too (where an open file stays
        on disk until it is closed)."""
        import gc
        import tempfile
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        monkeypatch.setattr(_private_database, "REMOVED_WHILE_OPEN", removed_while_open)
        monkeypatch.setattr(_evaluate._Unique, "SPILL_AT", 1)
        call = callrules.calls.load("cnrs-amsud-2026")

        def records() -> Any:
            for n in range(4):
                yield host_app(f"a{n}", f"h{n % 2}@cnrs.fr", "2026-05-10T10:00:00+02:00")
            assert any(tmp_path.iterdir()) != removed_while_open  # (on Windows: still there)
            raise callrules.ArgumentError("the records stop here")

        gc.disable()
        try:
            stream = callrules.evaluate_stream(call, records())
            with pytest.raises(callrules.ArgumentError):
                list(stream)
            assert all(unique.db is None for unique in stream._uniques)
            assert list(tmp_path.iterdir()) == []
            with callrules.evaluate_stream(call, records()) as left:  # (left before its end)
                for _ in range(3):
                    next(left)
            assert all(unique.db is None for unique in left._uniques)
            assert list(tmp_path.iterdir()) == []
        finally:
            gc.enable()
        monkeypatch.setattr(_private_database.sqlite3, "connect", _cannot_open)
        with pytest.raises(sqlite3.OperationalError):
            _private_database.PrivateDatabase()
        assert list(tmp_path.iterdir()) == []

    def test_on_windows_a_disk_failing_after_the_first_write_loses_nothing(
            self, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        """On Windows the keys' file stays on disk while it is open (it cannot be removed
        then): a write the disk refuses after the first (SQLite's ``SQLITE_FULL``, what
        Windows' ``ERROR_DISK_FULL`` becomes) reads back what it holds, as elsewhere; the
        batch decides as with room, and the file is gone once it ends."""
        import tempfile
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        monkeypatch.setattr(_private_database, "REMOVED_WHILE_OPEN", False)
        monkeypatch.setattr(_spill_notice, "_refusal_said", False)
        monkeypatch.setattr(_evaluate._Unique, "SPILL_AT", 1)
        monkeypatch.setattr(_evaluate._Unique, "MOST_IN_MEMORY", 1 << 20)
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{n % 3}@cnrs.fr", f"2026-05-{20 - n:02d}T10:00:00+02:00")
                for n in range(9)]
        with_room = [item.report.findings for item in callrules.evaluate_many(call, apps)]
        made, files = _evaluate.PrivateDatabase, []

        def full_after_the_first_write() -> Any:
            database = made()
            files.append(os.path.exists(database.path))
            return _Refusing(database, "insert", 2, True)

        monkeypatch.setattr(_evaluate, "PrivateDatabase", full_after_the_first_write)
        said: list[str] = []
        monkeypatch.setattr(_spill_notice._LOG, "warning",
                            lambda *a: said.append(a[0] % a[1:]))
        refused = [item.report.findings for item in callrules.evaluate_many(call, apps)]
        assert refused == with_room
        assert files and all(files) and len(said) == 1
        assert list(tmp_path.iterdir()) == []


def _duplicates(corrections: list[tuple[int, Any]]) -> list[tuple[int, str, str]]:
    return [(index, f.code, f.ctx["first"]) for index, f in corrections]


class _Watched:
    """SQLite's connection (or a cursor of it), each call into it noting whether the thread
    making it holds ``lock`` (a :class:`_OwnedLock`), a cursor's as it is let go too (true
    if it was closed before: then nothing of SQLite's is called)."""

    def __init__(self, inner: Any, lock: _OwnedLock, calls: list[bool]) -> None:
        self.inner, self.lock, self.calls = inner, lock, calls
        self.shut = [False]  # (closed)

    def _called(self, name: str, *args: Any) -> Any:
        self.calls.append(self.lock.held())
        out = getattr(self.inner, name)(*args)
        if name == "close":
            self.shut[0] = True
        if not isinstance(out, sqlite3.Cursor):
            return out
        # (a cursor let go resets its statement unless it was closed: a call into SQLite)
        cursor = _Watched(out, self.lock, self.calls)
        weakref.finalize(out, lambda lock=self.lock, calls=self.calls, shut=cursor.shut:
                         calls.append(shut[0] or lock.held()))
        return cursor

    def execute(self, *args: Any) -> Any:
        return self._called("execute", *args)

    def executemany(self, *args: Any) -> Any:
        return self._called("executemany", *args)

    def commit(self) -> Any:
        return self._called("commit")

    def rollback(self) -> Any:
        return self._called("rollback")

    def close(self) -> Any:
        return self._called("close")

    def fetchone(self) -> Any:
        return self._called("fetchone")

    def __iter__(self) -> Any:
        return self

    def __next__(self) -> Any:
        return self._called("__next__")


class _OwnedLock:
    """A reentrant lock that tells whether the current thread holds it, and how many times
    it was taken."""

    def __init__(self) -> None:
        import threading
        self.lock, self.owner, self.depth, self.taken = threading.RLock(), None, 0, 0

    def acquire(self) -> bool:
        import threading
        self.lock.acquire()
        self.owner, self.depth, self.taken = threading.get_ident(), self.depth + 1, self.taken + 1
        return True

    def release(self) -> None:
        self.depth -= 1
        if not self.depth:
            self.owner = None
        self.lock.release()

    __enter__ = acquire

    def __exit__(self, *exc: object) -> None:
        self.release()

    def held(self) -> bool:
        import threading
        return self.owner == threading.get_ident()


class TestSQLiteWithoutThreadSafety:
    @pytest.mark.parametrize("threadsafety", [0, 1, 3])
    def test_every_call_into_sqlite_without_thread_safety_holds_the_process_lock(
            self, threadsafety: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """SQLite built for one thread at a time (``sqlite3.threadsafety == 0``: no mutex of
        its own, across all its connections): two batches whose keys are on disk, each
        consumed from a pool of threads, never call into SQLite (opening, a statement, a row
        read, a cursor let go, a commit, a close) without the process's lock held, and
        decide as elsewhere. Built with thread safety (1, 3), the lock is never taken
        (before: with 0, every call was made unguarded, the two batches' connections at
        once; then every cursor was let go unguarded, the PRAGMAs' with a row unread)."""
        from concurrent.futures import ThreadPoolExecutor
        call = callrules.calls.load("cnrs-amsud-2026")
        batches = [[host_app(f"{b}{n}", f"h{n % 3}@cnrs.fr", f"2026-05-{20 - n:02d}T10:00:00+02:00")
                    for n in range(12)] for b in "ab"]
        monkeypatch.setattr(_evaluate._Unique, "SPILL_AT", 1)
        monkeypatch.setattr(_evaluate._Unique, "COMMIT_EVERY", 2)
        expected = []
        for batch in batches:
            stream = callrules.evaluate_stream(call, batch, progress=False)
            list(stream)
            expected.append(_duplicates(stream.corrections()))
        lock, calls = _OwnedLock(), []
        connect = sqlite3.connect
        monkeypatch.setattr(_private_database, "SINGLE_THREAD", lock)
        monkeypatch.setattr(sqlite3, "threadsafety", threadsafety)
        monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: (calls.append(lock.held()),
                                                                 _Watched(connect(*a, **k),
                                                                          lock, calls))[1])
        streams = [callrules.evaluate_stream(call, batch, progress=False) for batch in batches]
        with ThreadPoolExecutor(4) as pool:
            for _ in range(12):  # (a record of each batch at a time, in any thread)
                list(pool.map(next, streams))
            assert list(pool.map(lambda stream: next(stream, None), streams)) == [None] * 2
            found = list(pool.map(lambda stream: _duplicates(stream.corrections()), streams))
        assert found == expected and all(found)
        assert calls  # (the keys went to disk)
        if threadsafety == 0:
            assert all(calls) and lock.taken > 0
        else:
            assert lock.taken == 0


    def test_rows_left_before_their_end_are_let_go_under_the_lock_in_any_thread(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A statement's rows left before their end (an iteration abandoned on an error),
        let go in another thread, are closed and let go under the process's lock (a cursor
        let go with its statement in use resets it: a call into SQLite), as is a first row
        asked alone. (The collector lets them go the same way, by their ``__del__``; a
        probe cannot tell it, the collector calling it after the cursor's weak references.)"""
        lock, calls = _OwnedLock(), []
        connect = sqlite3.connect
        monkeypatch.setattr(_private_database, "SINGLE_THREAD", lock)
        monkeypatch.setattr(sqlite3, "threadsafety", 0)
        monkeypatch.setattr(sqlite3, "connect",
                            lambda *a, **k: _Watched(connect(*a, **k), lock, calls))
        db = _private_database.PrivateDatabase()
        try:
            db.execute("PRAGMA journal_mode = MEMORY")  # (its folder removed: no journal)
            db.execute("CREATE TABLE t (x INTEGER)")
            db.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(5)])
            assert db.one("SELECT x FROM t ORDER BY x") == (0,)
            rows = db.rows("SELECT x FROM t ORDER BY x")
            assert next(rows) == (0,)
            left = [rows]
            del rows
            other = threading.Thread(target=left.clear)  # (its last reference, there)
            other.start()
            other.join()
            assert db.one("SELECT count(*) FROM t") == (5,)
        finally:
            db.close()
        assert len(calls) >= 8 and all(calls)

    def test_a_refusal_keeps_nothing_of_its_block_alive(self) -> None:
        """The disk's refusal kept by :func:`disk_refusal` holds no traceback: the block's
        frame and its locals (a cursor, keys) go as it returns, not at the cyclic
        collector's next pass (before: the refusal, its error's traceback and the frame
        holding the refusal referred to one another)."""
        class Held:
            pass

        def refused_in_a_block() -> tuple[weakref.ref[Held], bool]:
            held = Held()
            with _private_database.disk_refusal() as refused:
                raise sqlite3.OperationalError("database or disk is full")
            return weakref.ref(held), bool(refused)

        gc.disable()
        try:
            held, refused = refused_in_a_block()
            assert refused and held() is None
        finally:
            gc.enable()


class TestABatchHandedBetweenThreads:
    """A batch consumed from any thread, one record at a time, as an iterator is: a pool of
    threads, an event loop's executor, two threads at once; its corrections asked from
    another still. Its keys past the bound are on disk (the spill lowered), in a connection
    of SQLite's made by whichever thread took the record that spilled them."""

    @settings(max_examples=20, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 8)), min_size=1, max_size=30),
           st.integers(1, 3), st.sampled_from(["pool", "loop", "at once"]),
           st.lists(st.integers(0, 2), min_size=1, max_size=30))
    @example([(n % 4, n % 3) for n in range(12)], 1, "loop", [0, 1, 2])
    @example([(n % 4, n % 3) for n in range(12)], 1, "pool", [0, 0, 1])
    def test_n_in_n_out_and_the_duplicates_of_one_thread(
            self, picks: list[tuple[int, int]], spill_at: int, how: str,
            threads: list[int]) -> None:
        """Law: each record's result once, in any thread taking it (``threads``: which of
        three takes each, in turn); the duplicates those of the batch consumed in one
        thread, asked from yet another; every database closed once they are given."""
        import asyncio
        import threading
        from concurrent.futures import ThreadPoolExecutor

        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{host}@cnrs.fr", f"2026-05-{10 + day:02d}T10:00:00+02:00")
                for n, (host, day) in enumerate(picks)]
        alone = callrules.evaluate_stream(call, apps, progress=False)
        assert len(list(alone)) == len(apps)
        expected = _duplicates(alone.corrections())
        pools = [ThreadPoolExecutor(1) for _ in range(3)]  # (one thread each: a hand-off)
        got: list[Any] = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate._Unique, "SPILL_AT", spill_at)
            made, opened = _evaluate.PrivateDatabase, []
            patch.setattr(_evaluate, "PrivateDatabase", lambda: opened.append(made()) or opened[-1])
            stream = callrules.evaluate_stream(call, apps, progress=False)
            try:
                if how == "pool":
                    for step in range(len(apps) + 1):
                        pool = pools[threads[step % len(threads)]]
                        got.append(pool.submit(next, stream, None).result())
                elif how == "loop":
                    async def consume() -> None:
                        loop = asyncio.get_running_loop()
                        for step in range(len(apps) + 1):
                            pool = pools[threads[step % len(threads)]]
                            got.append(await loop.run_in_executor(pool, next, stream, None))
                    asyncio.run(consume())
                else:  # (two threads asking at once: one after the other, each record once)
                    both = [threading.Thread(target=lambda: got.extend(stream))
                            for _ in range(2)]
                    for thread in both:
                        thread.start()
                    for thread in both:
                        thread.join()
                    got.append(None)
            finally:
                for pool in pools:
                    pool.shutdown()
            assert got[-1] is None and sorted(item.index for item in got[:-1]) == list(
                range(len(apps)))
            assert _duplicates(stream.corrections()) == expected  # (from the main thread)
            assert opened or len(apps) <= spill_at  # (the keys went to disk)
            assert all(not database._closing.alive for database in opened)

    def test_closed_from_another_thread_during_a_step(self) -> None:
        """Closed by another thread while a record is being taken (the closing thread never
        waits: the records may be its own): the keys are dropped as that step ends, no
        record follows and the corrections are refused, never given without those keys."""
        import threading

        call = callrules.calls.load("cnrs-amsud-2026")

        def records() -> Any:
            for n in range(6):
                if n == 4:
                    closing = threading.Thread(target=stream.close)
                    closing.start()
                    closing.join()
                    assert any(unique.db is not None for unique in stream._uniques)
                yield host_app(f"a{n}", f"h{n % 2}@cnrs.fr", "2026-05-10T10:00:00+02:00")

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate._Unique, "SPILL_AT", 1)
            stream = callrules.evaluate_stream(call, records(), progress=False)
            assert [next(stream).index for _ in range(5)] == [0, 1, 2, 3, 4]
        assert all(unique.db is None for unique in stream._uniques)
        assert next(stream, None) is None
        with pytest.raises(callrules.BatchStateError, match="closed") as closed:
            stream.corrections()
        assert closed.value.code == "batch_closed" and isinstance(closed.value, RuntimeError)

    def test_the_corrections_asked_again_are_the_same(self) -> None:
        """Asked twice, the corrections are the same, though the keys' file was dropped
        the first time."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{n % 2}@cnrs.fr", "2026-05-10T10:00:00+02:00")
                for n in range(6)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate._Unique, "SPILL_AT", 1)
            stream = callrules.evaluate_stream(call, apps, progress=False)
            list(stream)
            first = _duplicates(stream.corrections())
        assert len(first) == 4 and _duplicates(stream.corrections()) == first

    @given(at=st.integers(0, 8), spill=st.booleans())
    @settings(max_examples=12, deadline=None)
    def test_a_records_own_error_leaves_the_batch_going(self, at: int, spill: bool) -> None:
        """One record the batch refuses (a path, where its data was expected), caught by
        the caller: N in, N out, and the corrections those of every application, kept on
        disk or not."""
        from pathlib import Path
        call = callrules.calls.load("cnrs-amsud-2026")
        apps: list[Any] = [host_app(f"a{n}", f"h{n % 2}@cnrs.fr", "2026-05-10T10:00:00+02:00")
                           for n in range(8)]
        apps.insert(at, Path("application.json"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_evaluate._Unique, "SPILL_AT", 1 if spill else 50_000)
            stream = callrules.evaluate_stream(call, apps, progress=False)
            given, refused = 0, 0
            while True:
                try:
                    next(stream)
                    given += 1
                except StopIteration:
                    break
                except callrules.CallrulesError:
                    refused += 1
            assert (given, refused) == (8, 1)
            assert len(_duplicates(stream.corrections())) == 6

    def test_records_that_raise_stop_the_batch_in_words(self) -> None:
        """The records themselves raising: the batch stops; asked again it says so, typed
        and in words, never as if it had ended; its corrections are those of what was
        judged when no key was dropped, and refused when they were."""
        call = callrules.calls.load("cnrs-amsud-2026")

        def records() -> Any:
            for n in range(4):
                yield host_app(f"a{n}", f"h{n % 2}@cnrs.fr", "2026-05-10T10:00:00+02:00")
            raise callrules.ArgumentError("the records stop here")

        for spill_at, corrections in ((50_000, 2), (1, None)):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(_evaluate._Unique, "SPILL_AT", spill_at)
                stream = callrules.evaluate_stream(call, records(), progress=False)
                with pytest.raises(callrules.ArgumentError, match="records stop"):
                    list(stream)
                with pytest.raises(callrules.BatchStateError) as stopped:
                    next(stream)  # (not the caller's argument's fault: never ArgumentError)
                assert not isinstance(stopped.value, callrules.ArgumentError)
                assert stopped.value.code == "batch_stopped"
                assert "stopped" in stopped.value.message_in("en")
                if corrections is None:
                    with pytest.raises(callrules.BatchStateError) as gone:
                        stream.corrections()
                    assert gone.value.code == "batch_closed"
                else:
                    assert len(_duplicates(stream.corrections())) == corrections

    def test_a_batch_asked_from_within_its_own_records_refuses(self) -> None:
        """Its records asking the batch for its next result (a mistake) are refused as a
        generator refuses, and the batch goes on."""
        call = callrules.calls.load("cnrs-amsud-2026")
        inner: list[str] = []

        def records() -> Any:
            for n in range(4):
                if n == 2:
                    try:
                        next(stream)
                    except ValueError as exc:
                        inner.append(str(exc))
                yield host_app(f"a{n}", f"h{n % 2}@cnrs.fr", "2026-05-10T10:00:00+02:00")

        stream = callrules.evaluate_stream(call, records(), progress=False)
        assert len(list(stream)) == 4 and inner == ["evaluation already executing"]

    def test_corrections_asked_too_early_never_wait_for_a_step(self) -> None:
        """Asked from another thread while a step waits for the records that thread gives:
        refused at once (they are known at the end), never waiting for the step."""
        import queue
        import threading
        call = callrules.calls.load("cnrs-amsud-2026")
        fed: queue.Queue[Any] = queue.Queue()

        def records() -> Any:
            while (record := fed.get()) is not None:
                yield record

        stream = callrules.evaluate_stream(call, records(), progress=False)
        out: list[Any] = []
        worker = threading.Thread(target=lambda: out.extend(stream), daemon=True)
        worker.start()
        fed.put(host_app("a0", "h0@cnrs.fr", "2026-05-10T10:00:00+02:00"))
        while not out:
            threading.Event().wait(0.01)
        try:
            with pytest.raises(callrules.BatchStateError, match="every record") as early:
                stream.corrections()  # (the worker holds the step, waiting on the queue)
            assert early.value.code == "batch_not_read"
        finally:
            fed.put(None)
            worker.join()
        assert stream.corrections() == []


class _Misused(_Faulty):
    """A database whose statements beginning with one of ``faults``' texts raise its error,
    once each: an error of SQLite's that is not the disk's (the connection misused)."""

    def __init__(self, db: Any, faults: dict[str, Exception]) -> None:
        self.db, self.faults = db, dict(faults)

    def _maybe_fail(self, sql: str) -> None:
        for start, error in list(self.faults.items()):
            if sql.startswith(start):
                del self.faults[start]
                raise error


_WRONG_THREAD = sqlite3.ProgrammingError("SQLite objects created in a thread can only be "
                                         "used in that same thread")


class TestOnlyTheDiskIsTakenForTheDisk:
    @pytest.mark.parametrize("faults", [
        {"INSERT INTO firsts": _WRONG_THREAD},  # (as the keys go to disk)
        {"SELECT entry": _WRONG_THREAD},  # (a record's key looked up)
        {"SELECT l.entry": _WRONG_THREAD},  # (the corrections read)
        {"SELECT entry": sqlite3.OperationalError("database or disk is full"),
         "INSERT OR REPLACE": _WRONG_THREAD},  # (written again after the disk refused)
    ], ids=["spill", "look", "pairs", "over the file"])
    def test_a_connection_misused_passes_through(
            self, faults: dict[str, Exception], monkeypatch: pytest.MonkeyPatch) -> None:
        """An error of SQLite's saying the connection was misused (the library's fault) is
        never taken for the disk refusing: neither the keys kept in memory and the refusal
        said, nor an ``OSError`` of the temporary folder; it passes through as it is (said:
        only a refusal of the disk's that came before it)."""
        monkeypatch.setattr(_evaluate._Unique, "SPILL_AT", 1)
        made = _evaluate.PrivateDatabase
        monkeypatch.setattr(_evaluate, "PrivateDatabase", lambda: _Misused(made(), faults))
        monkeypatch.setattr(_spill_notice, "_refusal_said", False)
        said: list[Any] = []
        monkeypatch.setattr(_spill_notice._LOG, "warning", lambda *a: said.append(a))
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [host_app(f"a{n}", f"h{n % 2}@cnrs.fr", "2026-05-10T10:00:00+02:00")
                for n in range(6)]
        with pytest.raises(sqlite3.ProgrammingError):
            callrules.evaluate_many(call, apps)
        assert len(said) == sum(isinstance(error, sqlite3.OperationalError)
                                for error in faults.values())

    def test_what_sqlite_says_of_the_disk_and_of_the_rest(self, tmp_path: Any) -> None:
        """The disk's errors, as SQLite raises them (a file full) or as a stand-in does
        (no code), are the disk's; an error in a statement, a closed connection are not."""
        db = sqlite3.connect(tmp_path / "keys")
        db.execute("CREATE TABLE t (x TEXT)")
        db.commit()
        db.execute("PRAGMA max_page_count = 2")
        errors: list[sqlite3.Error] = []
        for sql in ("INSERT INTO t VALUES (zeroblob(100000))", "SELECT * FROM none"):
            try:
                db.execute(sql)
            except sqlite3.Error as exc:
                errors.append(exc)
        db.close()
        with pytest.raises(sqlite3.ProgrammingError) as closed:
            db.execute("SELECT 1")
        full, wrong = errors
        assert full.sqlite_errorcode == sqlite3.SQLITE_FULL
        refused = _private_database.refused_by_disk
        assert refused(full) and refused(sqlite3.OperationalError("database or disk is full"))
        assert refused(sqlite3.DatabaseError("file is not a database"))
        assert not refused(wrong) and not refused(closed.value)
        assert not refused(sqlite3.IntegrityError("UNIQUE constraint failed"))


def test_the_french_warning_of_long_keys_reads_as_french() -> None:
    """The French of the bound said for long keys reads as a French reader would write it
    (« autant que la mémoire peut en garder d’aussi longues que celles-ci »), not
    « ce que la mémoire peut garder de clés aussi longues que celles-ci » (look73w 7)."""
    from callrules._i18n import phrase

    said = phrase("spill_refused_long", "fr") % {"most": "12\u202f000"}
    assert "au-delà d’environ 12\u202f000 clés (autant que la mémoire peut en garder " \
           "d’aussi longues que celles-ci)" in said, said


@settings(max_examples=20, deadline=None)
@given(offset=st.sampled_from(["-03:00", "+02:00", "+05:30", "Z"]),
       day=st.integers(1, 28), lang=st.sampled_from(["en", "fr", "es", "pt"]))
def test_a_duplicate_names_the_first_application_with_its_instant_in_no_nested_brackets(
        offset: str, day: int, lang: str) -> None:
    """Law: a duplicate's message names the first application and its instant, whose offset
    is in brackets, with no brackets around them: never « A1 (28 mai 2026, 10:42
    (UTC−03:00)) », in every language (att80 D3)."""
    call = callrules.calls.load("cnrs-amsud-2026")
    at = f"2026-05-{day:02d}T10:42:00{offset}"
    first, later = host_app("A1", "a@cnrs.fr", at), host_app("A2", "A@CNRS.FR", at)
    result = callrules.evaluate_many(call, [first, later])
    found = [f for item in result for f in (item.report.findings if item.report else ())
             if f.code == "duplicate"]
    assert found
    for finding in found:
        said = finding.message(lang)
        assert "A1" in said and not re.search(r"\([^()]*\(", said), said
