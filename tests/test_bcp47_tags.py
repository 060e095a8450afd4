"""Every language a platform names its catalog's folder with is said as a valid BCP 47 tag
(``Content-Language``, HTML's ``lang``, the page's ``Intl``): look76v F1 found
``sr@ijekavian`` said ``sr-ijekavian`` (a variant of 9 letters) and ``en@quot`` said
``en-Quot`` (a script ISO 15924 has not), which the browser refuses (the page never loaded
for a Serbian reader)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel import Locale
from hypothesis import example, given, settings
from hypothesis import strategies as st

import callrules.serve
from callrules._tags import _subtags, bcp47
from tests.browser_regexps import evaluating

#: RFC 5646's ``Language-Tag`` (section 2.1), grandfathered tags aside: no tag is made one.
_ALNUM = "[a-z0-9]"
LANGTAG = re.compile(
    rf"(?i)(?:(?:[a-z]{{2,3}}(?:-[a-z]{{3}}){{0,3}}|[a-z]{{4}}|[a-z]{{5,8}})"
    rf"(?:-[a-z]{{4}})?(?:-(?:[a-z]{{2}}|[0-9]{{3}}))?"
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"
    rf"(?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*"
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"
    rf"|x(?:-{_ALNUM}{{1,8}})+)")

#: Catalog folders gettext, glibc and KDE really name (look76v's list).
REAL = ["sr@latin", "sr@ijekavian", "sr@ijekavianlatin", "be@latin", "uz@cyrillic",
        "ca@valencia", "en@quot", "en@boldquot", "ber_MA@tifinagh", "tt@iqtelif",
        "ks_IN@devanagari", "sd_IN@devanagari", "aa_ER@saaho", "de_DE@euro", "nan_TW@latin",
        "sr_RS@latin", "zh_Hant_HK", "es_419", "pa_Arab_PK", "el_GR@euro", "ug_CN",
        "pt_BR", "zh_TW", "sr_Latn", "fr", "C.UTF-8", "de_CH.UTF-8@euro"]

#: What a catalog's folder may be named with: letters and digits of any length, between
#: gettext's and BCP 47's separators, an encoding and a modifier.
_PART = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1,
                max_size=16)
FOLDERS = st.one_of(
    st.sampled_from(REAL),
    st.builds(lambda parts, enc, mod: "".join(p + s for p, s in parts)[:-1] + enc + mod,
              st.lists(st.tuples(_PART, st.sampled_from("-_")), min_size=1, max_size=5),
              st.sampled_from(["", ".UTF-8", ".ISO-8859-1"]),
              st.one_of(st.just(""), _PART.map(lambda m: "@" + m))),
)


@given(FOLDERS)
def test_every_folder_is_said_as_a_valid_bcp47_tag(folder: str) -> None:
    said = bcp47(folder)
    assert LANGTAG.fullmatch(said), (folder, said)
    second = said.split("-x-")[0].split("-")[1:2]
    if second and len(second[0]) == 4 and second[0].isalpha():  # a script: one ISO 15924 has
        assert second[0] in Locale("en").scripts, (folder, said)


@given(st.sampled_from([name for name in REAL if not name.startswith("C.")]))
def test_a_folder_s_tag_names_the_folder_again(folder: str) -> None:
    """The tag said is read back as the folder it says (a reader's ``?lang=sr-ijekavsk``
    is the platform's ``sr@ijekavian``), the made-up and the real alike."""
    assert _subtags(bcp47(folder)) == _subtags(folder)
    assert bcp47(bcp47(folder)) == bcp47(folder)


def test_the_real_names_are_said_as_iana_registers_them() -> None:
    said = {name: bcp47(name) for name in ("sr@ijekavian", "sr@ijekavianlatin", "en@quot",
                                           "ca@valencia", "sr@latin")}
    assert said == {"sr@ijekavian": "sr-ijekavsk", "sr@ijekavianlatin": "sr-Latn-ijekavsk",
                    "en@quot": "en-x-quot", "ca@valencia": "ca-valencia",
                    "sr@latin": "sr-Latn"}


#: Folders as a platform may name them in letters beyond ASCII's (``ру``, ``中文``,
#: ``ελ_GR``, ``fr_ÇA``: att85), or with a sign in a subtag (``fr+``).
_ODD_PART = st.text("abzAZ09çÇéруελ中文ßİK+!", min_size=1, max_size=6)
#: And names both readers once read apart (look77v): an ``x`` first (``x-fr-x-a``), two
#: ``@`` (``fr@latin@x``), a script CLDR names and browsers do not (``fr_Pcun``), the ends
#: Python's ``strip`` and JavaScript's ``trim`` took apart (U+FEFF, U+001C); and every script
#: babel names.
_ODD_ASCII = ["x-fr-x-a", "x_fr_x_ab", "fr@latin@x", "sr@latin@cyrillic", "fr@quot@euro",
              "fr@ij@ekavian", "fr_Pcun", "fr_Seal", "\ufefffr", "fr\x1c", "\x1ffr\u2028"]
ODD_FOLDERS = st.one_of(
    st.sampled_from(["ру", "中文", "ελ_GR", "fr_ÇA", "ené", "fr+", "ру_RU", "de@ü"]),
    st.sampled_from(_ODD_ASCII),
    st.sampled_from(sorted(Locale("en").scripts)).map(lambda script: "sr_" + script),
    st.builds(lambda parts, mod: "".join(p + s for p, s in parts)[:-1] + mod,
              st.lists(st.tuples(_ODD_PART, st.sampled_from("-_")), min_size=1, max_size=4),
              st.one_of(st.just(""), _ODD_PART.map(lambda m: "@" + m))))


@given(ODD_FOLDERS)
def test_a_folder_in_other_letters_is_said_as_a_valid_bcp47_tag(folder: str) -> None:
    """Before, a folder named in letters beyond ASCII's was said ``und-x-ру``, ``und-x-中文``
    (no BCP 47 tag: a subtag is ASCII's letters and digits) and ``fr_ÇA`` ``fr-x-a`` (a
    letter dropped, another kept): a subtag so written is left out whole."""
    said = bcp47(folder)
    assert said.isascii() and LANGTAG.fullmatch(said), (folder, said)


#: The page's own ``tagOf``, cut from its script, applied to each name given; and each tag
#: the service says, as the browser reads it (``Intl``'s canonical form: ``aa-ER-saaho`` is
#: ``ssy-ER``, a CLDR alias the page's tags are said in too).
_PAGE_SCRIPT = (Path(callrules.serve.__file__).parent / "page" / "app.js").read_text("utf-8")
_TAG_OF = ("([names, tags]) => {\n"
           + _PAGE_SCRIPT[_PAGE_SCRIPT.index("const SCRIPT_MODIFIERS"):
                          _PAGE_SCRIPT.index("\n}\n", _PAGE_SCRIPT.index("function tagOf"))]
           + "\n}\nreturn [names.map(tagOf), "
           "tags.map((tag) => Intl.getCanonicalLocales(tag)[0])]; }")


@pytest.fixture(scope="module")
def tag_of() -> Iterator[Callable[[list[str], list[str]], list[list[str]]]]:
    """The page's ``tagOf`` in one headless Chromium (which CI installs, and must run)."""
    with evaluating(_TAG_OF) as read:
        yield read


@settings(max_examples=300)
@given(st.lists(st.one_of(FOLDERS, ODD_FOLDERS), min_size=1, max_size=8))
@example(_ODD_ASCII)
@example([f"fr_{script}" for script in sorted(Locale("en").scripts)])
def test_the_page_says_each_folder_s_tag_as_the_service_does(
        tag_of: Callable[[list[str], list[str]], list[list[str]]], names: list[str]) -> None:
    """One law for both readers of a folder's name: the service's ``Content-Language``
    (``bcp47``), as the browser reads it, and the page's ``lang`` (``tagOf``) are the same
    tag. Before, ``ру`` was
    ``und-x-ру`` for the service and ``und`` for the page, ``ελ_GR`` ``und-x-ελ-gr`` and
    ``gr`` (att85)."""
    page, service = tag_of(names, [bcp47(name) for name in names])
    assert page == service, names
