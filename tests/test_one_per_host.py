"""One application per host: which addresses are the same, in memory and on disk alike."""

from __future__ import annotations

import sqlite3
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import callrules
from callrules import _evaluate
from callrules._keys import text_key
from tests.test_batches import host_app

ZERO_WIDTH = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060",
                              "\ufe0f", "\U000e0041"])
#: Text with none of what the key removes or folds (ignorables, full-width forms).
plain = st.text(st.characters(exclude_categories=("Cs", "Cf", "Mn", "Cc"),
                              exclude_characters="\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"
                              "\u3000@", max_codepoint=0xFEFF), max_size=12)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def ascii_lower(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


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
        """Two local parts are one key exactly when they agree once in form C and with
        ASCII letters lowercased: ß is not ss, ſ is not s, ﬁ is not fi, É is not é."""
        same = ascii_lower(unicodedata.normalize("NFC", one)) == ascii_lower(
            unicodedata.normalize("NFC", other))
        assert (text_key(one, True) == text_key(other, True)) is same

    @pytest.mark.parametrize(("one", "other"), [
        ("strasse@x.org", "straße@x.org"), ("kelvin@x.org", "kelvin@x.org".replace("k", "ſ")),
        ("fix@x.org", "\ufb01x@x.org"), ("\u00c9lise@x.org", "\u00e9lise@x.org")])
    def test_case_folding_does_not_merge_distinct_addresses(self, one: str, other: str) -> None:
        """The addresses full case folding would merge stay apart."""
        assert text_key(one, True) != text_key(other, True)

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
                lambda s: unicodedata.normalize("NFD", s), full_width, lambda s: "\u200b" + s]
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
