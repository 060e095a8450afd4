"""A value that can be given once is never given twice silently: a single-valued option of
any command, a query parameter of the service; and every ``--call-dir`` of serve is served."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules.serve
from callrules import _cli
from callrules.serve import _app
from tests.conftest import EXAMPLES
from tests.helpers import code_tokens
from tests.laws import settings
from tests.live_server import serving
from tests.test_call_precedence import _call
from tests.test_serve import would_serve

E = str(EXAMPLES / "eligible.json")
#: Each command with the arguments it needs besides its options.
COMMANDS = {"check": ["cnrs-amsud-2026", E], "show": ["cnrs-amsud-2026"],
            "plan": ["cnrs-amsud-2026", E], "replay": ["records.jsonl"],
            "select": ["cnrs-amsud-2026", E, "--scores", "s.csv"],
            "schema": ["application"], "validate": ["call.toml"], "serve": []}


def _single_valued() -> list[tuple[str, str, list[str]]]:
    """Every single-valued option of every command, with values it accepts."""
    sub = next(a for a in _cli._parser()._actions if isinstance(a, argparse._SubParsersAction))
    found = []
    for command, parser in sub.choices.items():
        for action in parser._actions:
            if isinstance(action, _cli._Once) and action.option_strings:
                values = list(action.choices) if action.choices else ["1", "2"]
                found.append((command, action.option_strings[0], values))
    return found


OPTIONS = _single_valued()


class TestCommandLine:
    def test_every_store_option_is_single_valued(self) -> None:
        """The options that take one value are all guarded (the ones the attacker named
        among them); --scores and --call-dir, which take several, are not."""
        named = {(c, o) for c, o, _ in OPTIONS}
        for option in ("--at", "--lang", "--zone", "--format", "--record"):
            assert ("check", option) in named
        assert ("select", "--envelope") in named and ("select", "--scores") not in named
        assert ("serve", "--call-dir") not in named and ("serve", "--port") in named

    @settings(max_examples=60, deadline=None)
    @given(st.sampled_from(OPTIONS), st.data())
    def test_any_single_valued_option_given_twice_is_a_usage_error(
            self, option: tuple[str, str, list[str]], data: st.DataObject) -> None:
        """Law: any such option of any command, given twice (the same value or two), exits
        2 with the option named in the reader's language, and nothing is run."""
        command, flag, values = option
        first, second = data.draw(st.sampled_from(values)), data.draw(st.sampled_from(values))
        lang = data.draw(st.sampled_from(["fr", "en", "es", "pt"]))
        argv = [command, *COMMANDS[command], flag, first, flag, second]
        if flag != "--lang" and any(o == "--lang" for c, o, _ in OPTIONS if c == command):
            argv += ["--lang", lang]
        out, err = io.StringIO(), io.StringIO()
        assert _cli.main(argv, out=out, err=err) == 2
        said = err.getvalue()
        assert flag in said and out.getvalue() == ""
        if "--lang" in argv and flag != "--lang":
            words = {"fr": "deux fois", "en": "given twice", "es": "dos veces",
                     "pt": "duas vezes"}
            assert words[lang] in said

    def test_the_attackers_envelopes_are_refused(self) -> None:
        """Two envelopes (one funds 2, the other 3): exit 2, not the last one's outcome."""
        err = io.StringIO()
        argv = ["select", "cnrs-amsud-2026", E, "--scores", "s.csv", "--envelope",
                "6000 EUR", "--envelope", "600000 EUR", "--lang", "fr"]
        assert _cli.main(argv, out=io.StringIO(), err=err) == 2
        assert "l’option --envelope est donnée deux fois" in err.getvalue().lower()


class TestOptionsAtOdds:
    @settings(max_examples=60, deadline=None)
    @given(fmt=st.sampled_from(["text", "json", "jsonl", "csv", None]),
           dialect=st.sampled_from(["machine", "excel-fr", None]), json_too=st.booleans(),
           order=st.permutations(range(3)), lang=st.sampled_from(["fr", "en", "es", "pt"]))
    def test_json_and_format_and_dialect_agree_or_it_is_a_usage_error(
            self, fmt: str | None, dialect: str | None, json_too: bool, order: list[int],
            lang: str) -> None:
        """Law: check with --json, --format and --csv-dialect in any order: --json beside a
        --format that is not json, or a --csv-dialect without csv, exits 2 naming both
        options in the reader's language and nothing is printed; else it runs."""
        groups = [["--format", fmt] if fmt else [], ["--csv-dialect", dialect] if dialect
                  else [], ["--json"] if json_too else []]
        argv = ["check", "cnrs-amsud-2026", E, "--lang", lang, "--at",
                "2026-05-01T10:00:00+02:00", *(w for i in order for w in groups[i])]
        out, err = io.StringIO(), io.StringIO()
        code = _cli.main(argv, out=out, err=err)
        chosen = "json" if json_too else fmt or "text"
        odd = (json_too and fmt not in (None, "json")) or (dialect and chosen != "csv")
        if odd:
            assert code == 2 and out.getvalue() == ""
            named = ("--json", "--format") if json_too and fmt not in (None, "json") \
                else ("--csv-dialect", "--format csv")
            assert all(option in err.getvalue() for option in named)
            assert code_tokens(err.getvalue()) == []
        else:
            assert code == 0 and out.getvalue()


@pytest.fixture(scope="module")
def url() -> Any:
    with serving(_app.create_app()) as base:
        yield base


class TestService:
    @settings(max_examples=30, deadline=None)
    @given(name=st.sampled_from(["now", "zone", "lang", "x"]),
           values=st.lists(st.sampled_from(["2026-05-01T10:00:00+02:00", "garbage",
                                            "Europe/Paris", ""]), min_size=2, max_size=3),
           path=st.sampled_from(["/calls/cnrs-amsud-2026", "/calls/cnrs-amsud-2026/check",
                                 "/calls", "/health"]))
    def test_a_query_parameter_given_twice_is_a_400(self, url: str, name: str,
                                                    values: list[str], path: str) -> None:
        """Law: any query parameter given more than once, on any route, is a 400 problem
        repeated_parameter naming it, whatever the values (the first is never unchecked)."""
        params = [(name, v) for v in values]
        method = "POST" if path.endswith("/check") else "GET"
        response = httpx.request(method, url + path, params=params, content=b"{}",
                                 headers={"Content-Type": "application/json",
                                          "Accept-Language": "fr"})
        assert response.status_code == 400
        body = response.json()
        assert body["type"].endswith(":repeated_parameter")
        assert body["errors"] == [{"parameter": name, "code": "repeated_parameter",
                                   "detail": body["detail"]}]
        assert f"«\u202f{name}\u202f»" in body["detail"]


class TestServeFolders:
    def test_every_call_dir_is_served_the_first_winning(
            self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, registries: None) -> None:
        """serve --call-dir A --call-dir B serves A's calls and B's (an id both give: A's),
        in one process and in each worker."""
        seen = would_serve(monkeypatch)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        monkeypatch.setenv(_app.CALL_DIR_VARIABLE, "")  # (restored after: serve sets it)
        first, second = tmp_path / "a", tmp_path / "b"
        first.mkdir()
        second.mkdir()
        (first / "t-2026.json").write_text(json.dumps(_call("t-2026", "a", 2026, 3)), "utf-8")
        (second / "t-2027.json").write_text(json.dumps(_call("t-2027", "b", 2027)), "utf-8")
        (second / "v-2027.json").write_text(json.dumps(_call("v-2027", "b", 2027)), "utf-8")
        argv = ["serve", "--call-dir", str(first), "--call-dir", str(second)]
        assert _cli.main([*argv, "--workers", "2"]) == 0
        with serving(_app.create_app_from_environment()) as base:
            served = {c["id"]: c["version"] for c in httpx.get(base + "/calls").json()}
        assert {k: served[k] for k in ("t-2026", "t-2027", "t-2028", "v-2027")} == {
            "t-2026": "a", "t-2027": "a", "t-2028": "a", "v-2027": "b"}
        assert _cli.main(argv) == 0
        app = seen[-1][0]
        with serving(app) as base:
            assert {c["id"] for c in httpx.get(base + "/calls").json()} >= {"t-2028", "v-2027"}
