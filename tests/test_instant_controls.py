"""An instant or a zone typed with a control character or a line break inside (a carriage
return, U+2028, NEL, a vertical tab, NUL, a zero-width space) is refused in words, the whole
text quoted with each such character named, in four languages: never read across it as a
blank, never quoted in part, never printed raw."""

from __future__ import annotations

import io
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from callrules._i18n import words_said
from tests.conftest import EXAMPLES
from tests.laws import settings

LANGS = ("en", "fr", "es", "pt")
#: Controls, separators and invisible formats a pasted or scripted text may hold.
CONTROLS = "\r\n\x0b\x0c\x85\u2028\u2029\x00\x1b\x7f\u200b\u2060\ufeff\u202e\t"
WRITTEN = ("2026-06-01T10:00:00+02:00", "2026-06-01 10:00 Europe/Paris",
           "2026-06-01 08:00 UTC")


def raw_controls(text: str) -> list[str]:
    """The characters of ``text`` a terminal would not print as themselves."""
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


class TestControlsInAnInstant:
    @settings(max_examples=80)
    @given(written=st.sampled_from(WRITTEN), control=st.sampled_from(CONTROLS),
           at=st.integers(0, 40), lang=st.sampled_from(LANGS))
    def test_a_control_anywhere_inside_is_refused_and_the_whole_text_said(
            self, written: str, control: str, at: int, lang: str) -> None:
        """A control inside an instant (or first): ``bad_instant``, its message naming the
        character in words between the text's two parts, none printed raw."""
        at = min(at, len(written) - 1)
        text = written[:at] + control + written[at:]
        if control in "\t" and (at == 0 or written[at - 1] == " " or written[at] == " "):
            return  # (a tab beside a blank or first: a blank around the parts, read so)
        with pytest.raises(callrules.TimeError) as caught:
            callrules.parse_instant(text)
        assert caught.value.code == "bad_instant"
        assert caught.value.words is not None
        assert caught.value.words[0] == "instant_control_character"
        message = words_said(caught.value.words, lang)
        assert raw_controls(message) == []
        assert written[:at].strip() in message and written[at:].strip() in message

    @pytest.mark.parametrize("end", ["\n", "\r\n", "\r", " ", "\t", "\u00a0"])
    def test_a_line_end_or_a_blank_after_it_is_read_as_before(self, end: str) -> None:
        """A final line end (a shell's ``$(cat file)`` of a Windows file) or a blank around
        an instant: read as without it."""
        for written in WRITTEN:
            assert callrules.parse_instant(written + end) == callrules.parse_instant(written)


class TestOnTheCommandLine:
    @pytest.mark.parametrize("lang", LANGS)
    @pytest.mark.parametrize("text", ["2026-06-01\r10:00 Europe/Paris",
                                      "2026-06-01T10:00:00+02:00\u2028",
                                      "2026-06-01T10:00:00+02:00\x85",
                                      "2026-06-01 10:00 Europe/Paris\x0b"])
    def test_check_at_with_a_control_exits_2_in_words(self, lang: str, text: str) -> None:
        """``check --at`` with a carriage return, U+2028, NEL or a vertical tab: exit 2, one
        message in the reader's language quoting the whole text, no raw control printed
        (before: read as a blank, exit 0, or quoted in part)."""
        err, out = io.StringIO(), io.StringIO()
        code = main(["check", "--lang", lang, "cnrs-amsud-2026",
                     str(EXAMPLES / "eligible.json"), "--at", text], out=out, err=err,
                    stdin=io.StringIO(""))
        said = err.getvalue()
        assert code == 2 and out.getvalue() == ""
        assert raw_controls(said.rstrip("\n")) == []
        assert "2026-06-01" in said and ("10:00" in said)

    def test_a_zone_with_a_control_at_its_end_is_refused(self) -> None:
        """``--zone "Europe/Paris\\v"``: not a zone, quoted with the character named (it was
        stripped silently)."""
        err = io.StringIO()
        code = main(["check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"), "--at",
                     "2026-06-01T10:00:00+02:00", "--zone", "Europe/Paris\x0b"],
                    out=io.StringIO(), err=err, stdin=io.StringIO(""))
        assert code == 2
        assert "Europe/Paris[" in err.getvalue() and "\x0b" not in err.getvalue()
