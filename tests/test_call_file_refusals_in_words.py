"""Every refusal of a call file that ``validate`` prints has a line in the reader's language,
after the English line for the call's author: never English alone."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from callrules import _cli
from tests.laws import settings
from tests.test_fuzz_regressions import bundled_call_data
from tests.test_i18n import ENGLISH, code_tokens
from tests.test_plan_trims_said import CNRS_FILE, FLAT_PLAN

DATA = bundled_call_data()


def _places(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place of the call's data (keys of tables, items of lists)."""
    places = [here] if here else []
    if isinstance(value, dict):
        for key, inner in value.items():
            places += _places(inner, (*here, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:3]):
            places += _places(inner, (*here, index))
    return places


PLACES = _places(DATA)
#: What a place may be given instead: a value of another kind, a table with a key it does
#: not take, a currency that is not money.
WRONG = [1, -1, 1.5, True, "", "x", "XAU", [], [1], {}, {"stray_key": 1}, "2026-13-40"]


def _hostile(place: tuple[Any, ...], wrong: Any, extra: bool) -> dict[str, Any]:
    data = copy.deepcopy(DATA)
    *above, last = place
    holder: Any = data
    for step in above:
        holder = holder[step]
    if extra and isinstance(holder[last], dict):
        holder[last]["stray_key"] = wrong  # a key its place does not take
    else:
        holder[last] = wrong
    return data


def _iso(value: Any) -> str:
    """A TOML date or time as JSON writes it (ISO 8601)."""
    return str(value.isoformat())


class TestRefusalsInWords:
    def test_the_call_unchanged_is_valid(self, tmp_path: Path) -> None:
        """The bundled call written as JSON validates: each refusal below is its change."""
        path = tmp_path / "call.json"
        path.write_text(json.dumps(DATA, default=_iso), "utf-8")
        assert _cli.main(["validate", str(path)], out=io.StringIO(), err=io.StringIO(),
                         stdin=io.StringIO()) == 0


    @given(st.sampled_from(PLACES), st.sampled_from(WRONG), st.booleans(),
           st.sampled_from(["fr", "es", "pt"]))
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_every_refusal_has_a_line_in_the_reader_s_language(
            self, tmp_path: Path, place: tuple[Any, ...], wrong: Any, extra: bool,
            lang: str) -> None:
        """A call file with one place given a wrong value (or a key it does not take), read
        by validate in French, Spanish or Portuguese: if refused, its last line is in that
        language, free of English words and code tokens."""
        path = tmp_path / "hostile.json"
        path.write_text(json.dumps(_hostile(place, wrong, extra), default=_iso), "utf-8")
        out, err = io.StringIO(), io.StringIO()
        code = _cli.main(["--lang", lang, "validate", str(path)], out=out, err=err,
                         stdin=io.StringIO())
        if code == 0:
            return  # the value was one the place takes
        said = err.getvalue().rstrip("\n").split("\n")[-1].strip()
        assert said and not ENGLISH.search(said), err.getvalue()
        assert code_tokens(said) == [], said
        assert said.rstrip("”»’\u202f)]").endswith((".", "!", "?", "…")), said

    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_a_file_that_holds_no_call_is_said_in_sentences(
            self, tmp_path: Path, lang: str) -> None:
        """Call files holding a list, a number, a huge one, nothing, a boolean or text at
        their top, and one that cannot be read: each refusal's line in the reader's
        language ends as a sentence does, with its full stop (att56a: these lines had none,
        their neighbours did), and says what the file holds in words (no "None", no
        "inexact decimal number")."""
        names = [str(tmp_path / "none.toml")]
        for number, top in enumerate(["[1]", "1.5", "1e999", "null", "true", '"x"']):
            (tmp_path / f"top{number}.json").write_text(top, "utf-8")
            names.append(str(tmp_path / f"top{number}.json"))
        for name in names:
            err = io.StringIO()
            assert _cli.main(["--lang", lang, "validate", name], out=io.StringIO(), err=err,
                             stdin=io.StringIO()) == 2
            said = err.getvalue().rstrip("\n").split("\n")[-1]
            assert said.startswith("  ") and said.endswith("."), err.getvalue()
            assert code_tokens(said) == [] and "None" not in said and "inex" not in said, said

    def test_the_attacker_s_refusals_are_said_in_french(self, tmp_path: Path) -> None:
        """A currency that is not money and a key the rule does not take: a French line."""
        for data in (_hostile(("parameters",), {"stray_key": "1 XAU"}, False),
                     _hostile(("rules", 0), "x", True)):
            path = tmp_path / "call.json"
            path.write_text(json.dumps(data, default=_iso), "utf-8")
            err = io.StringIO()
            assert _cli.main(["--lang", "fr", "validate", str(path)], out=io.StringIO(),
                             err=err, stdin=io.StringIO()) == 2
            said = err.getvalue().rstrip("\n").split("\n")[-1]
            assert not ENGLISH.search(said), err.getvalue()

    @given(st.one_of(st.decimals(min_value=-10**6, max_value=10**6, places=3).map(float),
                     st.floats(allow_nan=False)),
           st.sampled_from(["percent", "rate", "unit", "cap"]),
           st.sampled_from(["en", "fr", "es", "pt"]))
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_a_decimal_written_as_a_number_is_said_in_quotes(
            self, tmp_path: Path, value: float, where: str, lang: str) -> None:
        """A decimal written as a TOML number (a plan line's percent or rate, a rounding
        unit, a parameter's amount: inexact once read) is refused with words telling the
        author to write the number meant in quotes, saying what it was read as (never a
        number the author did not write offered as the text to write: attacker 39b), in the
        reader's language; and the value written in quotes loads where it is valid
        (attacker 38c: the reader's line said only that a value was not of its kind)."""
        from decimal import Decimal

        text = CNRS_FILE.read_text("utf-8").split("\n[plan]\n")[0]
        text = text.replace('  { op = "in", path = "beneficiary", set = '
                            '{ path = "$root.visitors.id" } },\n', "", 1)

        def written(number: str) -> str:
            call = text + FLAT_PLAN % {"trim": '["subsistence"]', "caps": "",
                                       "percent": number if where == "percent" else '"25"'}
            if where == "rate":
                call = call.replace('rate = { amount = "140.00"', f"rate = {{ amount = {number}")
            elif where == "unit":
                call = call.replace("[plan]\n", f"[budget]\nrounding = {{ unit = {number}, "
                                    'mode = "half_up" }\n\n[plan]\n', 1)
            elif where == "cap":
                call = call.replace('cap = { amount = "3100.00"', f"cap = {{ amount = {number}")
            return call

        path = tmp_path / "call.toml"
        bare = repr(value) if value - value == 0 else ("inf" if value > 0 else "-inf")
        path.write_text(written(bare), "utf-8")
        err = io.StringIO()
        assert _cli.main(["--lang", lang, "validate", str(path)], out=io.StringIO(),
                         err=err, stdin=io.StringIO()) == 2
        said = err.getvalue().rstrip("\n").split("\n")[-1].strip()
        read = f"{Decimal(repr(value)):f}" if value - value == 0 else repr(value)
        read = read if len(read) <= 24 else repr(value)
        assert f" {read})" in said, err.getvalue()
        if lang != "en":
            assert not ENGLISH.search(said), err.getvalue()
        assert code_tokens(said) == [], said
        if where == "percent" and abs(value) <= 10**6 and len(read.partition(".")[2]) <= 8:
            path.write_text(written(f'"{read}"'), "utf-8")
            assert _cli.main(["validate", str(path)], out=io.StringIO(),
                             err=io.StringIO(), stdin=io.StringIO()) == 0
