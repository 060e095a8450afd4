"""Standard input gives the same records with the same labels however its bytes arrive:
all at once, or a few bytes at each read (a slow pipe), as a named file of those bytes."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import callrules
from tests.test_csv_dialects import _Pieces

TEXTS = st.text(st.sampled_from("ab é\"\\\u2028,;{}[]"), max_size=8)


def results(items: Any) -> list[tuple[str, Any]]:
    return [(item.source.rsplit(":", 1)[-1].rsplit("[", 1)[-1], item.data.problems[0].type
             if isinstance(item.data, callrules.InputError) else item.data)
            for item in items]


class TestJsonLinesInPieces:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(notes=st.lists(TEXTS, min_size=1, max_size=5),
           end=st.sampled_from(["\n", "\r\n", "\r", "\r\r\n"]), blank=st.booleans(),
           seed=st.integers(0, 1000))
    def test_every_line_keeps_its_label_whatever_the_pieces(
            self, tmp_path_factory: pytest.TempPathFactory, notes: list[str], end: str,
            blank: bool, seed: int) -> None:
        """JSON Lines ending with LF, CR LF, CR alone or CR CR LF, a blank line among them
        or not, give the same records and labels from a named file, from standard input
        read whole and from standard input arriving one to three bytes at a time (a CR LF
        cut between two reads is still one line end)."""
        lines = [json.dumps({"id": f"R{n}", "note": note}) for n, note in enumerate(notes)]
        if blank:
            lines.insert(len(lines) // 2, "")
        data = (end.join(lines) + end).encode()
        path = tmp_path_factory.mktemp("p") / "batch.jsonl"
        path.write_bytes(data)
        named = results(callrules.records(path))
        assert len(named) == len(notes)
        assert not any(isinstance(item, str) and not item.startswith("{") for _, item in named)
        assert results(callrules.records("-", stdin=io.BytesIO(data))) == named
        assert results(callrules.records("-", stdin=_Pieces(data, seed))) == named
