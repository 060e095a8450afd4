"""What docs/reference/call-file.md (Budget plan) says of a stated amount below the cent is
what happens: ``1180.005`` EUR is refused as the application is read (``amount_decimals``),
by the planner and the evaluation alike, never kept nor rounded."""

from __future__ import annotations

import json

import pytest

import callrules
from tests.conftest import ROOT, eligible_dict


@pytest.mark.parametrize("how", ["plan", "evaluate"])
def test_a_stated_amount_below_the_cent_is_refused_as_the_docs_say(how: str) -> None:
    """plan and evaluate both refuse it, with the type the docs name."""
    app = eligible_dict()
    app["budget"]["lines"][0]["amount"]["amount"] = "1180.005"
    call = callrules.calls.load("cnrs-amsud-2026")
    with pytest.raises(callrules.InputError) as caught:
        getattr(callrules, how)(call, json.dumps(app))
    assert [p.type for p in caught.value.problems] == ["amount_decimals"]
    docs = (ROOT / "docs" / "reference" / "call-file.md").read_text(encoding="utf-8")
    assert "`1180.005` EUR is refused" in docs and "`amount_decimals`" in docs
