"""Portfolio limits count a host unit once however its code is written."""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import Money
from callrules._i18n import visible
from callrules.selection.ranking import unit_key
from tests.laws import settings
from tests.test_selection import NOW, application, cnrs_with, scores_for

_UNITS = ("UMR 7154", "UPR 8001", "Unité 12")
#: What may stand for the space of a code: another space, a hyphen, a dash, nothing.
_SEPARATORS = (" ", "\u00a0", "\u3000", "  ", "-", "\u2010", "", "_", ".", ". ")
#: The word "number" as it is written before a number.
_NUMBER_SIGNS = ("n°", "n° ", "N°", "nº", "Nº ", "no ", "No. ", "n.", "№ ", "num. ", "numéro ")
#: Letters of other scripts that look like an ASCII letter (Cyrillic, Greek), as a reader
#: would not tell them apart.
_LOOK_ALIKES = {"M": "\u041c\u039c", "P": "\u0420\u03a1", "U": "", "R": "", "n": "",
                "i": "\u0456", "t": "", "é": "", "e": "\u0435", "T": "\u0422\u03a4"}
#: The first code point of the decimal digits of other scripts: Arabic-Indic, Extended
#: Arabic-Indic, Devanagari, Bengali, Thai, full width, mathematical bold.
_DIGITS = (0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10, 0x1D7CE)


@st.composite
def spellings(draw: st.DrawFn, code: str) -> str:
    """``code`` written another way: each letter in either case or full width, each space
    another separator (an underscore, a dot), the letters of its first word each with a
    dot after it (``U.M.R.``), the word "number" before its number (``n°``, ``nº``,
    ``no.``…), a final dot, accents decomposed, an invisible character put in."""
    out = []
    dotted = draw(st.booleans())
    for char in code:
        if char == " ":
            if draw(st.booleans()):
                out.append(draw(st.sampled_from(_SEPARATORS)))
            else:
                out.append(" " + draw(st.sampled_from(_NUMBER_SIGNS)))
            dotted = False
            continue
        form = draw(st.sampled_from(("same", "lower", "upper", "wide", "alike")))
        if form == "alike" and char.isdigit():
            char = chr(draw(st.sampled_from(_DIGITS)) + int(char))
        elif form == "alike" and _LOOK_ALIKES.get(char):
            char = draw(st.sampled_from(_LOOK_ALIKES[char]))
        elif form == "wide" and "!" <= char <= "~":
            char = chr(ord(char) - 0x21 + 0xFF01)
        elif form in ("lower", "upper"):
            char = getattr(char, form)()
        out.append(char + "." if dotted else char)
    text = "".join(out) + draw(st.sampled_from(("", "", ".")))
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    if draw(st.booleans()):
        text = text[:1] + "\u200b" + text[1:]
    return text


def _decisions(units: list[str], limit: int) -> list[tuple[str, str]]:
    call = cnrs_with(limits=(("host_unit", limit),))
    apps = [application(n, unit=unit, minute=n) for n, unit in enumerate(units)]
    scores = [row for n in range(len(units)) for row in scores_for(f"APP-{n:03d}", 5, 4, 4)]
    result = callrules.select(call, apps, scores, envelope=Money(100000, "EUR"), now=NOW)
    return sorted((e.application_id, e.decision.value) for e in result)


class TestUnitCodes:
    @settings(max_examples=40, deadline=None)
    @given(st.data(), st.lists(st.sampled_from(_UNITS), min_size=1, max_size=5),
           st.integers(1, 2))
    def test_any_spelling_the_folding_merges_counts_as_the_same_unit(
            self, data: Any, units: list[str], limit: int) -> None:
        """Each code written another way (case, width, separators, dots and underscores, the
        word "number", accents, invisible characters, a Cyrillic or Greek look-alike letter,
        digits of another script) gives
        the same decisions as every code written the one way."""
        written = [data.draw(spellings(unit)) for unit in units]
        assert [unit_key(w) for w in written] == [unit_key(u) for u in units]
        assert _decisions(written, limit) == _decisions(units, limit)

    def test_distinct_units_stay_distinct(self) -> None:
        """Two units whose codes differ by a digit or a letter are two units, in whatever
        script the digits are written."""
        assert len({unit_key(code) for code in ("UMR 7154", "UMR 7155", "UPR 7154",
                                                "UMR 71540", "UMR \u0667\u0661\u0665\u0666",
                                                "UMR VII54")}) == 6

    def test_the_unit_over_its_limit_is_named_as_the_application_writes_it(self) -> None:
        """The reason names the unit as the proposal left out spells it."""
        call = cnrs_with(limits=(("host_unit", 1),))
        apps = [application(1, unit="UMR 7154"), application(2, unit="ＵＭＲ 7154", minute=1)]
        scores = [*scores_for("APP-001", 5, 5, 5), *scores_for("APP-002", 4, 4, 4)]
        result = callrules.select(call, apps, scores, envelope=Money(10000, "EUR"), now=NOW)
        reason, said = result.entry("APP-002").reasons
        assert (reason.code, reason.ctx["key"]) == ("over_limit_unit", "ＵＭＲ 7154")
        assert said.code == "unit_written_otherwise"

    @settings(max_examples=30, deadline=None)
    @given(st.data(), st.sampled_from(_UNITS), st.integers(1, 2))
    def test_two_codes_counted_as_one_are_said_so(self, data: Any, unit: str,
                                                   limit: int) -> None:
        """Law: an application ranked after one whose unit code it writes otherwise, and
        counted with it, is told so in words naming both codes (an invisible character in
        one named in words), in every language; one that writes the code the same way is
        not."""
        written = data.draw(spellings(unit))
        call = cnrs_with(limits=(("host_unit", limit),))
        apps = [application(1, unit=unit), application(2, unit=written, minute=1)]
        scores = [*scores_for("APP-001", 5, 5, 5), *scores_for("APP-002", 4, 4, 4)]
        result = callrules.select(call, apps, scores, envelope=Money(100000, "EUR"), now=NOW)
        said = [r for r in result.entry("APP-002").reasons
                if r.code == "unit_written_otherwise"]
        if written == unit:
            assert not said
            return
        (reason,) = said
        assert reason.ctx == {"written": written, "counted": unit}
        for lang in ("fr", "en", "es", "pt"):
            text = callrules.reason_text(reason, lang)
            # each invisible character of a code named in words, as the entry's heading does
            assert visible(written, lang) in text and visible(unit, lang) in text
            assert "%" not in text
