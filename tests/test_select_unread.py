"""select names a record that is not a valid application by its number in the batch from 1
and its file in words (its line, or its item of the list from 1), then each problem at its
place in the reader's language; the JSON keeps the codes (each problem's type, pointer and
context) beside its message."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from callrules._cli import main
from callrules._i18n import phrase
from tests.helpers import code_tokens
from tests.laws import settings
from tests.test_selection import AT, PANEL, panel

#: Ways to spoil an application, each with the code of the problem it gives.
SPOILS = {
    "a category the call does not have": (
        lambda app: app["visitors"][0].update(category="nope"), "not_in_vocabulary"),
    "another call": (lambda app: app.update(call="erc-2027"), "other_call"),
    "no id": (lambda app: app.pop("id"), "missing"),
}


def _select(tmp_path: Path, apps: list[dict[str, Any]], lang: str, fmt: str) -> tuple[int, str]:
    file = tmp_path / "apps.json"
    file.write_text(json.dumps(apps), "utf-8")
    out = io.StringIO()
    code = main(["select", "cnrs-amsud-2026", str(file), "--scores", str(PANEL / "scores.csv"),
                 "--envelope", "6000 EUR", "--at", AT, "--lang", lang, "--format", fmt],
                out=out, err=io.StringIO())
    return code, out.getvalue().replace(str(tmp_path), "FOLDER")


def _item(file: str, n: int, lang: str) -> str:
    """The ``n``-th item of the list in ``file``, in ``lang``'s words."""
    return {"en": f"{file}, item {n} of the list", "fr": f"{file}, élément {n} de la liste",
            "es": f"{file}, elemento {n} de la lista", "pt": f"{file}, elemento {n} da lista"}[lang]


class TestAnUnreadRecordIsNamed:
    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data(), spoil=st.sampled_from(sorted(SPOILS)),
           lang=st.sampled_from(["fr", "en", "es", "pt"]))
    def test_by_its_number_file_and_reason_in_the_readers_words(
            self, tmp_path: Path, data: st.DataObject, spoil: str, lang: str) -> None:
        """Law: any one record of the batch spoiled, at any position: the text names it as
        "Record N (FILE, item N of the list)" in the reader's language, FILE by its name
        (never the index from 0, ``FILE[N-1]``, which the JSON's source keeps, nor the
        absolute path it was given by) with its problem in words (no code),
        and the JSON gives it with its number from 1 and its problem's code and message."""
        apps = panel()
        position = data.draw(st.integers(0, len(apps) - 1))
        how, code = SPOILS[spoil]
        how(apps[position])
        status, text = _select(tmp_path, apps, lang, "text")
        assert status == 2
        tail = text.split(phrase("record", lang, n=position + 1), 1)[1].splitlines()
        assert tail[0] == f" ({_item(f'{tmp_path.name}/apps.json', position + 1, lang)})"
        # (its folder and name: the file was given by its absolute path)
        assert tail[1].startswith("    ") and code_tokens(tail[1]) == []
        if lang != "en":
            english = _select(tmp_path, apps, "en", "text")[1]
            assert tail[1] not in english
        status, out = _select(tmp_path, apps, lang, "json")
        [unread] = json.loads(out)["input_errors"]
        assert unread["record"] == position + 1
        assert unread["source"] == f"FOLDER/apps.json[{position}]"
        assert code in [p["type"] for p in unread["problems"]]
        assert all(p["message"] and "pointer" in p for p in unread["problems"])


@pytest.mark.parametrize("lang", ["fr", "pt"])
def test_the_attackers_record_zero(tmp_path: Path, lang: str) -> None:
    """The first application spoiled (the attacker's "record 0"): "Record 1", never 0."""
    apps = panel()
    apps[0]["visitors"][0]["category"] = "nope"
    text = _select(tmp_path, apps, lang, "text")[1]
    assert phrase("record", lang, n=1) + f" ({_item(f'{tmp_path.name}/apps.json', 1, lang)})" \
        in text
    assert "[0]" not in text
    assert "record 0" not in text.lower()
