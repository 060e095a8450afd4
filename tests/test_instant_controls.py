"""An instant or a zone typed with a control character or a line break inside (a carriage
return, U+2028, NEL, a vertical tab, NUL, a zero-width space) or any character drawn as
nothing (a variation selector, the combining grapheme joiner, a Hangul filler, the blank
braille pattern) is refused in words, the whole text quoted with each such character named,
in four languages, by the command line and the service alike: never read across it as a
blank, never quoted in part, never printed raw."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._blank import is_blank
from callrules._cli import main
from callrules._i18n import visible, words_said
from callrules._invisible import draws_nothing
from callrules._time import has_control
from callrules.serve import create_app
from tests.conftest import EXAMPLES
from tests.laws import settings
from tests.live_server import serving

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


#: Characters found quoted raw (attacker 36a): a variation selector, the combining grapheme
#: joiner, a Khmer inherent vowel, a code point kept for a format (U+2065), the Hangul filler
#: and the blank braille pattern: "“Europe/Paris️” is not a time zone" showed a valid name.
DRAWN_AS_NOTHING_FOUND = "\ufe0f\u034f\u17b4\u2065\u3164\u2800"
#: Every character drawn as nothing (Unicode's default-ignorable code points, the fillers).
_NOTHING = [chr(code) for code in range(0x110000)
            if not 0xD800 <= code <= 0xDFFF and draws_nothing(chr(code))]
#: A character a text may not hold unnamed: a control (but the blanks read around a text: a
#: tab, a line end), a format, a line or paragraph separator, or one drawn as nothing.
UNWRITTEN = st.one_of(
    st.characters(categories=("Cc", "Cf", "Zl", "Zp"), exclude_characters="\t\n\r"),
    st.sampled_from(_NOTHING), st.sampled_from(DRAWN_AS_NOTHING_FOUND))
ZONES = ("Europe/Paris", "America/Sao_Paulo", "UTC", "Asia/Tokyo")
CHECK = "/calls/cnrs-amsud-2026/check"
_ONE = (EXAMPLES / "eligible.json").read_bytes()


def _cli_said(option: str, text: str, lang: str) -> str:
    """What ``check --at text`` (or ``--zone text``) says, exiting 2, in ``lang``."""
    err, out = io.StringIO(), io.StringIO()
    at = ["--at", "2026-06-01T10:00:00+02:00"] if option == "--zone" else []
    code = main(["check", "--lang", lang, "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"),
                 *at, option, text], out=out, err=err, stdin=io.StringIO(""))
    assert code == 2 and out.getvalue() == "", (text, err.getvalue())
    return err.getvalue()


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serving(create_app()) as base:
        yield base


class TestCharactersDrawnAsNothing:
    def test_one_definition_names_refuses_and_blanks_them(self) -> None:
        """Every character drawn as nothing (each default-ignorable code point, the fillers)
        is named in words when quoted, refused in an instant or a zone, and a blank of an
        empty source: one definition (``callrules._invisible``) for the three."""
        assert set(DRAWN_AS_NOTHING_FOUND) <= set(_NOTHING)
        assert len(_NOTHING) == 4175  # (Unicode's 4,174 code points and U+2800)
        for char in _NOTHING:
            assert visible(char, "en").startswith("["), hex(ord(char))
            assert has_control(char) and is_blank(char), hex(ord(char))

    @settings(max_examples=60, deadline=None)
    @given(written=st.sampled_from(WRITTEN + ZONES), chars=st.lists(
               st.tuples(UNWRITTEN, st.integers(0, 40)), min_size=1, max_size=3),
           lang=st.sampled_from(LANGS))
    @example(written="2026-06-01T16:59:00+02:00", chars=[("\n", 0)], lang="en")
    @example(written="2026-06-01T16:59:00+02:00", chars=[("\x85", 99)], lang="fr")
    @example(written="2026-06-01 16:59 Europe/Paris", chars=[("\x0b", 10)], lang="es")
    @example(written="2026-06-01T16:59:00+02:00", chars=[("\u2028", 99)], lang="pt")
    @example(written="Europe/Paris", chars=[("\x85", 99)], lang="en")
    @example(written="Europe/Paris", chars=[("\ufe0f", 99)], lang="en")
    def test_the_command_line_and_the_service_quote_the_whole_text_each_named(
            self, url: str, written: str, chars: list[tuple[str, int]], lang: str) -> None:
        """Law: an instant (``--at``, the service's ``now``) or a zone (``--zone``, ``zone``)
        holding controls, separators or characters drawn as nothing anywhere (first, last,
        inside a word or a number) is refused by both in the same words in the reader's
        language, quoting the whole text with each such character named in place: none
        left out (the service dropped NEL, a vertical tab, a line end), none made a space
        (U+2028), none written raw (a variation selector made ``Europe/Paris`` a valid
        name refused)."""
        text = written
        for char, at in chars:
            text = text[:at] + char + text[at:]
        zone = written in ZONES
        quoted = "".join(visible(c, lang) for c in text)  # (each named in place)
        said = _cli_said("--zone" if zone else "--at", text, lang)
        assert quoted in said and said.count("\n") == 1, (quoted, said)
        assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
                       or draws_nothing(c) for c in said.rstrip("\n")), said
        option = "zone" if zone else "now"
        with httpx.Client(base_url=url, timeout=60) as http:
            answer = http.post(CHECK, params={option: text}, content=_ONE, headers={
                "Accept-Language": lang, "Content-Type": "application/json"})
        assert answer.status_code == 400, answer.text
        body = answer.json()
        assert body["type"] == f"urn:callrules:problem:bad_{option}"
        assert said == f"callrules: {body['detail']}\n"  # (the same words, both ways)
        assert [e["detail"] for e in body["errors"]] == [body["detail"]]
