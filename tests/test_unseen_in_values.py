"""What a person cannot see in a value they typed is said beside it, in their language: an
invisible character in a date, a date and time or an amount (whose message says the form
expected, not the value), named in words; a letter of another script that looks like a
Latin one (the Cyrillic ``е`` of ``tеchnician``), pointed at, with its script (att65 W3,
W4). The values stay refused as they are: the words change, not the verdict."""

from __future__ import annotations

import datetime

import pytest
from confusable_homoglyphs.confusables import confusables_data
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import join_list, visible
from callrules._lookalikes import _script_names, _twin, lookalike_letters, lookalike_note
from tests.conftest import eligible_dict
from tests.laws import settings

CALL = callrules.calls.load("cnrs-amsud-2026")
NOW = datetime.datetime.fromisoformat("2026-06-02T09:00:00+02:00")
LANGS = ("en", "fr", "es", "pt")
#: A date, a date and time, an amount and an exchange rate of the example application.
FIELDS = (("visitors", 0, "stay", "arrival"), ("submitted_at",),
          ("budget", "lines", 0, "amount", "amount"))
#: The invisible characters the library names (in words, or by their code point), and
#: others an applicant pastes: right-to-left override and mark, word joiner, soft hyphen.
INVISIBLE = "\u00a0\u202f\u200b\ufeff\t\u202e\u200e\u2060\u00ad\u2066\u180e"
#: Lookalikes of Latin letters in several scripts: Cyrillic, Greek, Armenian, Cherokee.
LOOKALIKES = {"e": "\u0435", "c": "\u0441", "a": "\u0430", "o": "\u03bf", "n": "\u0578",
              "h": "\u04bb", "i": "\u0456", "p": "\u0440", "r": "\u0433", "s": "\u0455",
              "E": "\u0395", "C": "\u13df", "R": "\u13a1"}


def _messages(app: dict[str, object]) -> dict[str, str]:
    """What the library says of ``app``, refused or judged, in each language."""
    try:
        report = callrules.evaluate(CALL, app, now=NOW)
    except callrules.InputError as error:
        return {lang: " ".join(p.message(lang) for p in error.problems) for lang in LANGS}
    return {lang: " ".join(f.message(lang) for f in report.findings) for lang in LANGS}


def _put(app: dict, path: tuple[object, ...], value: object) -> object:
    """Set ``path`` of ``app`` to ``value``; the value it held."""
    *head, last = path
    for key in head:
        app = app[key]  # type: ignore[index]
    held = app[last]  # type: ignore[index]
    app[last] = value  # type: ignore[index]
    return held


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), char=st.sampled_from(INVISIBLE), at=st.integers(0, 30))
@example(field=FIELDS[0], char="\u200b", at=99).via("att65 W3: a zero-width space after a date")
@example(field=FIELDS[2], char="\u202e", at=99).via("att65 W3: an override after an amount")
def test_an_invisible_character_in_a_date_or_amount_is_named(
        field: tuple[object, ...], char: str, at: int) -> None:
    """A date, a date and time or an amount with an invisible character anywhere in it is
    refused, and the message names that character in words in every language, in the value
    as written (« 2026-09-14[espace sans chasse] »): the person can find and remove it."""
    app = eligible_dict()
    written = str(_put(app, field, None))
    at = min(at, len(written))
    _put(app, field, written[:at] + char + written[at:])
    said = _messages(app)
    for lang in LANGS:
        assert visible(char, lang) != char, char  # (the library names it)
        assert visible(written[:at] + char + written[at:], lang) in said[lang], (lang, said)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from([(("visitors", 0, "category"), "technician"),
                              (("visitors", 1, "category"), "engineer"),
                              (("budget", "lines", 0, "category"), "transport"),
                              (("budget", "lines", 0, "amount", "currency"), "EUR"),
                              (("host", "unit", "affiliations"), "CNRS")]),
       data=st.data())
@example(place=(("host", "unit", "affiliations"), "CNRS"), data=None).via(
    "att65 W4: « CNRS is missing » for a Cyrillic С")
def test_a_lookalike_letter_is_pointed_at(place: tuple[tuple[object, ...], str],
                                          data: st.DataObject | None) -> None:
    """An accepted value with letters swapped for lookalikes of another script stays a
    different value (refused, or not the one the call asks for), and its message points at
    each such letter, quoted, with its script named, in every language."""
    path, value = place
    spots = [at for at, letter in enumerate(value) if letter in LOOKALIKES]
    chosen = {spots[0]} if data is None else set(data.draw(
        st.lists(st.sampled_from(spots), min_size=1, max_size=3)))
    typed = "".join(LOOKALIKES[c] if at in chosen else c for at, c in enumerate(value))
    app = eligible_dict()
    _put(app, path, [typed] if path[-1] == "affiliations" else typed)
    said = _messages(app)
    quotes = {"en": "“{}”", "fr": "«\u202f{}\u202f»", "es": "«{}»", "pt": "“{}”"}
    scripts = {"en": ("Cyrillic", "Greek", "Armenian", "Cherokee"),
               "fr": ("cyrillique", "grec", "arménien", "cherokee"),
               "es": ("cirílico", "griego", "armenio", "cheroqui"),
               "pt": ("cirílico", "grego", "armênio", "cherokee")}
    for lang in LANGS:
        assert said[lang], lang  # (never judged as the accepted value)
        for letter in {typed[at] for at in chosen}:
            assert quotes[lang].format(letter) in said[lang], (lang, letter, said[lang])
        assert any(name in said[lang] for name in scripts[lang]), said[lang]


@pytest.mark.parametrize("text", ["сор", "Ελλάδα", "technician", "Łódź", "UMR 7154",
                                  "Сколтех (Skoltech)", "ИТМО / ITMO University",
                                  "ΕΚΠΑ (NKUA Athens)", "ivan@почта.рф", "ani@համալսարան.հայ"])
def test_a_word_of_one_script_is_no_lookalike(text: str) -> None:
    """A word written in one script (Russian, Greek, Latin with accents) is that word, and so
    is a value writing words of two scripts side by side (an affiliation with its Latin
    acronym, an address with a Cyrillic domain): no letter of it is said to look like
    another, nor to be typed again (look64w R1)."""
    assert lookalike_letters(text) == ()


def test_an_address_of_another_script_is_not_told_to_be_typed_again() -> None:
    """Two right addresses of a Cyrillic domain that differ are said to differ, and nothing
    more: neither is told to be typed in Latin letters (look64w R1)."""
    app = eligible_dict()
    app["submitter"]["email"], app["host"]["person"]["email"] = "ivan@почта.рф", "petr@почта.рф"
    said = _messages(app)
    for lang, words in {"en": "Latin letters", "fr": "lettres latines",
                        "es": "letras latinas", "pt": "letras latinas"}.items():
        assert "petr@почта.рф" in said[lang] and words not in said[lang], said[lang]


#: Spaces a person sees that are not the ordinary one: no-break, narrow no-break, tab, em,
#: thin, ideographic and figure spaces.
SPACES = "\u00a0\u202f\t\u2003\u2009\u3000\u2007"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), char=st.sampled_from(SPACES), at=st.integers(1, 30),
       twice=st.booleans())
@example(field=FIELDS[0], char="\u2007", at=2, twice=False).via("look64w R2: 14 09 2026")
def test_a_space_not_the_ordinary_one_is_said_to_be_one(
        field: tuple[object, ...], char: str, at: int, twice: bool) -> None:
    """A space a person sees but that is not the ordinary one, in a date or an amount, is
    named and said to be such a space (several: in the plural), never a character that
    cannot be seen and that it is enough to remove (look64w R2)."""
    app = eligible_dict()
    written = str(_put(app, field, None))
    at = min(at, len(written) - 1)
    typed = written[:at] + char * (1 + twice) + written[at:]
    _put(app, field, typed)
    said = _messages(app)
    space = {"en": ("a space that is not", "spaces that are not"),
             "fr": ("une espace qui n’est pas", "des espaces qui ne sont pas"),
             "es": ("un espacio que no es", "espacios que no son"),
             "pt": ("um espaço que não é", "espaços que não são")}
    unseen = {"en": "cannot be seen", "fr": "ne se voi", "es": "no se ve", "pt": "não se v"}
    for lang in LANGS:
        assert visible(typed, lang) in said[lang], (lang, said)
        assert space[lang][twice] in said[lang] and unseen[lang] not in said[lang], said[lang]


#: Each script with letters that look like Latin ones (Unicode's confusables), by one such
#: letter of it.
SCRIPT_LETTERS = {script: char for char in sorted(c for c in confusables_data if len(c) == 1)
                  if (twin := _twin(char)) is not None for script in (twin[1],)}
#: How the words of each language introduce a script's name: the preposition before it.
INTRODUCED = {"fr": "en ", "es": "en ", "pt": "em "}


@settings(max_examples=30, deadline=None)
@given(first=st.sampled_from(sorted(SCRIPT_LETTERS)), second=st.sampled_from(sorted(
    SCRIPT_LETTERS)), lang=st.sampled_from(sorted(INTRODUCED)))
@example(first="Cyrl", second="Cyrl", lang="es").via("« otra escritura (cirílico) »")
@example(first="Cyrl", second="Grek", lang="pt").via("« outra escrita (cirílico e grego) »")
def test_a_script_is_named_as_its_language_names_it(first: str, second: str,
                                                    lang: str) -> None:
    """The note on a letter of another script names the script as the sentence of each
    language needs it, whatever its name: after the preposition (« una letra en cirílico »,
    « letras em cirílico e grego », « en cyrillique »), never as an adjective after a noun
    of another gender (« otra escritura (cirílico) », before: 166 of 249 notes in Spanish
    and Portuguese)."""
    text = f"a{SCRIPT_LETTERS[first]}b{SCRIPT_LETTERS[second]}c"
    note = lookalike_note([text], lang)
    assert note is not None
    names = _script_names(lang)
    said = join_list([f"{INTRODUCED[lang]}{name}" for name in dict.fromkeys(
        (names[first], names[second]))], lang)  # (« en cirílico y en griego »)
    assert said in note, note
    assert f"({names[first]}" not in note, note


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), unseen=st.sampled_from("\u200b\u202e\u2060\u00ad\ufeff"),
       space=st.sampled_from("\u00a0\u202f\t\u2003\u3000"), at=st.integers(0, 30),
       twice=st.booleans())
@example(field=FIELDS[0], unseen="\u200b", space="\u00a0", at=7, twice=False).via(
    "a zero-width space and a no-break space in a date: two sentences before")
def test_a_value_with_both_kinds_is_said_once(field: tuple[object, ...], unseen: str,
                                              space: str, at: int, twice: bool) -> None:
    """A date, a date and time or an amount holding a character that cannot be seen and a
    space that is not an ordinary one is shown once, in one sentence naming both kinds and
    what to do of each, in every language (before, two sentences, the value shown twice:
    1,080 of 1,080 messages)."""
    app = eligible_dict()
    written = str(_put(app, field, None))
    at = min(at, len(written))
    value = written[:at] + unseen * (1 + twice) + written[at:] + space
    _put(app, field, value)
    said = _messages(app)
    kinds = {"en": ("cannot be seen", "not an ordinary one"),
             "fr": ("ne se voi", "n’est pas une espace ordinaire"),
             "es": ("no se ve", "no es un espacio normal"),
             "pt": ("não se v", "não é um espaço comum")}
    for lang in LANGS:
        assert said[lang].count(visible(value, lang)) == 1, said[lang]
        assert all(kind in said[lang] for kind in kinds[lang]), said[lang]
