"""French typography changes spaces only: a space (ordinary or no-break) before ``; : ! ? »``
or after ``«`` becomes a narrow no-break space (U+202F); no other character is changed and none
is inserted, so a call's own text (``Re:``, ``info@cnrs.fr!``, ``C#;``, a grant number, an
HTML entity) keeps what its author wrote, in every rendering of a checklist; the library's
own French words are written with their narrow spaces."""

from __future__ import annotations

import copy
import html
import re
from datetime import datetime
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import _spaced, typography
from callrules._safe import escape, markdown
from tests.laws import settings
from tests.test_definitions import minimal_call

MARKS = ";:!?»"
ALPHABET = "ab Z1#&@.;:!?«»\u00a0\u202f<>\"'-_/()"
texts = st.text(alphabet=ALPHABET, max_size=40)
#: The fixer's examples: each gained a space where none was written.
GLUED = ["Objet: Re:", "info@cnrs.fr!", "C#;", "ANR-22-CE01-0001;", "&gt;", "1&lt;2",
         "http://x.fr?a=1", "«oui»", "Note:", "(voir:)", "what?!"]


def spaced(text: str) -> str:
    """What French spacing makes of ``text``: each space before a mark, or after «, narrow."""
    return "".join(
        "\u202f" if char in " \u00a0" and (text[i + 1:i + 2] in set(MARKS)
                                         or text[i - 1:i] == "«") else char
        for i, char in enumerate(text))


class TestSpacesOnly:
    @settings(max_examples=300)
    @given(texts)
    @example("Objet: Re: « oui » ; non !")
    @example("«  ::")
    def test_only_a_space_before_a_mark_or_after_a_guillemet_changes(self, text: str) -> None:
        """Law: in French, a space before ``; : ! ? »`` or after ``«`` becomes U+202F; every
        other character is kept, none is inserted; other languages are untouched."""
        out = _spaced(text, "fr")
        assert len(out) == len(text)
        assert out == spaced(text)
        assert all(a == b or (a in " \u00a0" and b == "\u202f")
                   for a, b in zip(text, out, strict=True))
        for lang in ("en", "es", "pt"):
            assert _spaced(text, lang) == text

    @pytest.mark.parametrize("text", GLUED)
    def test_a_mark_glued_to_what_precedes_it_is_kept(self, text: str) -> None:
        """No space is inserted before a mark written glued (a reply's ``Re:``, an address,
        a language's name, a grant number, an HTML entity)."""
        assert _spaced(text, "fr") == text
        assert typography(text, "fr")[1:] == text[1:]

    def test_a_space_written_becomes_narrow(self) -> None:
        """``Objet : Re : oui !`` is spaced as French writes it."""
        assert _spaced("Objet : Re : « oui » !", "fr") == \
            "Objet\u202f: Re\u202f: «\u202foui\u202f»\u202f!"


def _call(text: str) -> callrules.Call:
    return callrules.Call.from_dict(copy.deepcopy({
        "id": "typo", "version": "1", "languages": ["fr", "en"],
        "title": {"en": "T", "fr": "T"}, "timezone": "UTC", "currency": "EUR",
        "clauses": [{"id": "c", "title": {"en": "C", "fr": "C"},
                     "text": {"en": "x", "fr": text}}],
        "notes": {"n": {"en": "x", "fr": text}},
        "parameters": {"cap": {"amount": "3100.00", "currency": "EUR"}},
        "rules": [{"clause": "c", "check": {"op": "total", "path": "budget.lines",
                                            "of": "amount", "max": {"param": "cap"}}}]}))


class TestChecklists:
    @settings(max_examples=40, deadline=None)
    @given(st.text(alphabet=ALPHABET, min_size=1, max_size=30).map(lambda t: f"Z{t}Z"))
    @example("ZObjet: Re: écrivez à info@cnrs.fr! C#; ANR-22-CE01-0001; 1 &gt; 0 « oui »Z")
    def test_a_call_s_text_is_spaced_only_in_every_rendering(self, text: str) -> None:
        """Law: a clause's French text and a note appear in the text, Markdown and HTML
        checklists as written but for the spaces French spacing narrows: an entity typed
        in the text is escaped whole (``&amp;gt;``), never split by a space."""
        call = _call(text)
        want = spaced(text)
        plain = call.checklist("fr")
        assert "    " + want in plain.splitlines() or want in plain, (want, plain)
        assert markdown(want) in call.checklist("fr", format="markdown")
        page = call.checklist("fr", format="html")
        assert escape(want) in page
        if "&" in text:
            assert not re.search(r"&\w+\u202f;", page)

    def test_the_library_s_own_french_words_keep_their_narrow_spaces(self) -> None:
        """The library's own colons in a French checklist follow a narrow no-break space."""
        call = _call("x")
        for fmt in ("text", "markdown", "html"):
            page: Any = call.checklist("fr", format=fmt, audience="officers")  # type: ignore[arg-type]
            assert "\u202f:" in page
            assert not re.search(r"[^\W\d][:;!?](?=\s)", page), page


#: A German text spaced as its author wrote it: before a mark, an ordinary space that French
#: spacing would narrow.
GERMAN = "Frist : jetzt ! « Zitat » ; ja ?"


def _german_and_italian_call() -> callrules.Call:
    from tests.test_definitions import minimal_call

    return callrules.Call.from_dict(minimal_call(
        languages=["de", "it"], title={"de": "Aufruf : " + GERMAN, "it": "Bando ; sì !"},
        clauses=[{"id": "eligibility", "title": {"de": "Titel : " + GERMAN,
                                                 "it": "Scadenza : ora ?"},
                  "text": {"de": GERMAN, "it": "Testo : sì !"}}],
        notes={"n": {"de": "Notiz : " + GERMAN, "it": "Nota : sì !"}}))


class TestTextsOfAnotherLanguage:
    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    @pytest.mark.parametrize("audience", ["applicants", "officers"])
    def test_a_call_s_german_and_italian_texts_in_french_keep_their_spaces(
            self, fmt: str, audience: str) -> None:
        """A call written in German and Italian, its checklist asked in French (the page in
        French, its texts in German): each text of the call keeps the spaces its author
        wrote (French spacing narrowed ``Text ! Wirklich`` into ``Text\u202f! Wirklich``);
        the library's own French words keep their narrow spaces."""
        call = _german_and_italian_call()
        page: Any = call.checklist("fr", format=fmt, audience=audience)  # type: ignore[arg-type]
        shown = markdown(GERMAN) if fmt == "markdown" else escape(GERMAN) \
            if fmt == "html" else GERMAN
        assert page.count(shown) >= 4 if fmt != "markdown" else page.count(shown) >= 2, page
        assert "\u202f:" in page  # (the library's own colon, in French)
        asked_in_italian: Any = call.checklist("it", format=fmt)  # type: ignore[arg-type]
        assert "Testo : sì !" in html.unescape(asked_in_italian).replace("\\", "")

    def test_a_report_in_french_cites_a_german_clause_as_written(self) -> None:
        """A report in French of an application to that call: the call's title in its head
        and the clause each finding cites, in text and HTML, as written in German."""
        from tests.conftest import eligible_dict

        app = eligible_dict()
        app["host"]["unit"].pop("kind", None)
        report = callrules.evaluate(_german_and_italian_call(), app)
        assert not report.eligible
        for said in (report.render("fr"), html.unescape(report.html("fr"))):
            assert "Aufruf : " + GERMAN in said and "Titel : " + GERMAN in said, said
            assert "\u202f:" in said  # (the library's own words still spaced)

    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_a_german_label_inside_the_library_s_sentences_keeps_its_spaces(
            self, lang: str) -> None:
        """A milestone and a field labelled in German only, quoted by the library's French
        sentences (the officers' « Lecture » line, a finding's message and a table's row):
        each label as its author wrote it (French spacing put « Eingang\u202f: heute\u202f? »
        into them), the library's own French words still spaced; a French label spaced
        as French wherever it goes, an English page included."""
        from tests.conftest import eligible_dict

        written = {"de": ("Frist : jetzt !", "Eingang : heute ?"),
                   "fr": ("Échéance : maintenant !", "Arrivée : aujourd’hui ?")}
        for own in ("de", "fr"):
            milestone, field = written[own]
            other = "it"
            call = callrules.Call.from_dict(minimal_call(
                {"op": "compare", "path": "submitted_at", "cmp": "<=",
                 "to": {"milestone": "frist"}},
                languages=[own, other], title={own: "Aufruf", other: "Bando"},
                timeline={"deadline": datetime(2026, 6, 1, 17),
                          "frist": datetime(2026, 5, 1, 17)},
                clauses=[{"id": "eligibility", "title": {own: "Titel", other: "Titolo"},
                          "text": {own: "Text", other: "Testo"}}],
                labels={"milestones": {"frist": {own: milestone, other: "Scadenza"}},
                        "fields": {"submitted_at": {own: field, other: "Arrivo"}}}))
            report = callrules.evaluate(call, eligible_dict())
            result = callrules.evaluate_many(call, [eligible_dict()])
            shown = [report.render(lang), html.unescape(report.html(lang)),
                     html.unescape(result.html(lang)),
                     *(str(v) for row in result.rows(lang) for v in row.values())]
            for fmt in ("text", "html"):
                shown.append(html.unescape(call.checklist(lang, format=fmt,
                                                          audience="officers")))
            said = "\n".join(shown).casefold()
            if own == "de":  # as written, every time
                assert "eingang : heute ?" in said and "jetzt !" in said, said
                assert not re.search("(eingang|jetzt|heute)\u202f", said), said
            else:  # French spacing, whatever the page's language
                assert "arrivée\u202f: aujourd’hui\u202f?" in said, said
                assert "maintenant\u202f!" in said and "maintenant !" not in said, said
            if lang == "fr":
                assert "lecture\u202f: " in said  # (the library's own words spaced)

    def test_a_french_text_on_an_english_page_keeps_french_spacing(self) -> None:
        """Each language's typography to its own texts: a call written in French only,
        asked in English, shows its French text with French spacing."""
        only_french = callrules.Call.from_dict({
            "id": "fr-only", "version": "1", "languages": ["fr"], "title": {"fr": "T"},
            "timezone": "UTC", "currency": "EUR",
            "clauses": [{"id": "c", "title": {"fr": "C"}, "text": {"fr": "Objet : oui !"}}],
            "parameters": {"cap": {"amount": "3100.00", "currency": "EUR"}},
            "rules": [{"clause": "c", "check": {"op": "total", "path": "budget.lines",
                                                "of": "amount", "max": {"param": "cap"}}}]})
        assert "Objet\u202f: oui\u202f!" in only_french.checklist("en")
