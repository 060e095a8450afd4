"""The sheet for people (``excel-fr``) is written whole and right: a batch read as a stream
writes each application's rows as the batch judged whole writes them, its verdict in every
row, never « oui » in a duplicate's row and its correction at the sheet's foot."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from callrules._cli import main
from tests.laws import settings
from tests.test_batches import host_app

AT = "2026-06-02T09:00:00+02:00"
#: A few hosts and submission instants, so that drawn batches have duplicates, some
#: submitted after the one they duplicate and some before (a later record decides an
#: earlier one).
HOSTS = ("a@cnrs.fr", "A@CNRS.FR", "b@cnrs.fr", "c@ipgp.fr")
INSTANTS = ("2026-05-20T10:00:00+02:00", "2026-05-25T10:00:00+02:00",
            "2026-05-28T10:42:00-03:00")


@st.composite
def _records(draw: st.DrawFn) -> list[Any]:
    """A batch: applications of a few hosts at a few instants, some ineligible (a country
    outside the call), some records malformed."""
    out: list[Any] = []
    for number in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(("app", "app", "app", "ineligible", "malformed")))
        if kind == "malformed":
            out.append({"id": f"M{number}", "host": "nobody"})
            continue
        data = host_app(f"A{number}", draw(st.sampled_from(HOSTS)),
                        draw(st.sampled_from(INSTANTS)))
        if kind == "ineligible":
            data["visitors"][0]["institution"]["location"] = {"country": "FR", "city": "Lyon"}
        out.append(data)
    return out


def _sheet(path: Path, lang: str, *extra: str) -> str:
    out = io.StringIO()
    main(["check", "cnrs-amsud-2026", str(path), "--at", AT, "--format", "csv",
          "--csv-dialect", "excel-fr", "--lang", lang, *extra], out=out, err=io.StringIO())
    return out.getvalue()


@settings(max_examples=30, deadline=None)
@given(records=_records(), lang=st.sampled_from(("fr", "en", "es", "pt")))
@example(records=[host_app("A1", "a@cnrs.fr", INSTANTS[2]),
                  host_app("A2", "A@CNRS.FR", INSTANTS[2])],
         lang="fr").via("att80 A2: « oui » in A2's row, « non » at the foot")
@example(records=[host_app("late", "a@cnrs.fr", INSTANTS[1]),
                  host_app("early", "a@cnrs.fr", INSTANTS[0])],
         lang="es").via("a later record makes the first a duplicate")
def test_a_sheet_read_as_a_stream_is_the_sheet_of_the_batch_judged_whole(
        records: list[Any], lang: str) -> None:
    """Law: ``check --csv-dialect excel-fr`` writes the same sheet as a stream (no
    ``--record``) as when it judges the batch whole (``--record``), in every language: each
    duplicate's own row says « non » and why, with its number, source and id, and no row
    comes at the foot. Before, a duplicate's row said « oui » and a row at the foot, without
    its source or id, said « non » (att80 A2)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "batch.json"
        path.write_text(json.dumps(records), "utf-8")
        streamed = _sheet(path, lang)
        whole = _sheet(path, lang, "--record", str(Path(folder) / "records.jsonl"))
    assert streamed == whole
