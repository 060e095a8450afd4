"""What a replay says, as a person reads it: never a change said as certain beside the rule
that may undo it said not checked, and a sentence once, however many findings say it.

look74v: a replay without its batch said "Now a warning, no longer an error: the problem
with host's e-mail address … found in its batch" as certain, and under it "Not checked: a
rule comparing each application's host's e-mail address …; only checking the batch again
can tell"; and a rule's findings at 1,000 places (one a visitor) were 1,000 lines "Left
out: …" or "No longer found: …", the same sentence each (rpl75).
"""

from __future__ import annotations

from typing import Any

import pytest

import callrules
from tests.test_replay_work import _batch, _call, _record_of


def _amended(rules: list[tuple[str, str]], cap: str, asks: str = "host.unit.kind"
             ) -> callrules.Call:
    """:func:`_call`'s call with ``rules`` and the cap ``cap`` (a change of how it reads
    applications: its reading digest differs), its own rule asking for ``asks``."""
    call = _call(rules)
    data: dict[str, Any] = call.definition.model_dump(mode="json", by_alias=True)
    data["parameters"]["cap"]["amount"] = cap
    data["rules"][0]["check"]["path"] = asks
    return callrules.Call.from_dict(data)


class TestNothingSaidAsCertainThatOnlyTheBatchTells:
    @pytest.mark.parametrize("lang", ["en", "fr"])
    def test_a_severity_changed_is_not_said_beside_its_rule_not_checked(self, lang: str
                                                                        ) -> None:
        """A duplicate recorded as an error beside a finding of the application's own (no
        unit's kind), its rule now of warnings, the call no longer asking for the unit's
        kind and reading applications otherwise (its cap changed): the decision changed for
        certain, but without the batch the rule is not checked again (it may find the
        duplicate or not), so the replay never says the finding is now a warning: it says
        the rule is not checked, and the batch given says the warning (look74v: both
        lines, one the contrary of the other)."""
        batch = _batch(1)
        for app in batch:
            del app["host"]["unit"]["kind"]
        made = _record_of(_call([("eligibility", "error")]), batch)
        now = _amended([("eligibility", "warning")], "3200.00", "host.unit.name")
        alone = callrules.replay(made, now)
        assert alone.outcome == "changed"
        keys = [key for key, _ in alone.words]
        assert "replay_batch_now_warning" not in keys, alone.said(lang)
        assert "replay_batch_rule_read_again" in keys, alone.said(lang)
        given = callrules.replay(made, now, batch=batch)
        assert "replay_batch_now_warning" in [key for key, _ in given.words]


class TestASentenceOnce:
    @pytest.mark.parametrize("clause", ["eligibility", "other"])
    def test_a_rule_s_findings_at_many_places_are_said_once(self, clause: str) -> None:
        """Two applications listing the same 40 visitors, the second's each a duplicate
        under two rules; the call amended (its rules moved, or alike, and its cap changed):
        what the replay says holds no sentence twice (look74v: "Left out: …" 2,000 times
        for 2 rules and 1,000 visitors, "No longer found: …" 1,000 times)."""
        batch = _batch(40)
        made = _record_of(_call([("eligibility", "error")] * 2), batch)
        now = _amended([(clause, "error")] * 2, "4000.00")
        for replayed in (callrules.replay(made, now), callrules.replay(made, now, batch=batch)):
            for lang in ("en", "fr"):
                said = replayed.said(lang)
                assert len(said) == len(set(said)) <= 5, said

    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_a_sentence_said_once_says_how_many_places(self, lang: str) -> None:
        """A rule's findings at 40 places (a visitor each) said once say how many places,
        in the reader's language and number (look75r F3: "a problem" said of 1,000 gone);
        each place counted once, however many rules found it there (2 rules alike here)."""
        batch = _batch(40)
        made = _record_of(_call([("eligibility", "error")] * 2), batch)
        now = _amended([("other", "error")] * 2, "4000.00")  # (moved: left out, or moved)
        for replayed in (callrules.replay(made, now), callrules.replay(made, now, batch=batch)):
            counted = [line for line in replayed.said(lang) if " 40 " in line]
            assert len(counted) == 1, replayed.said(lang)
            assert not any(f" {n} " in line for n in (80, 2) for line in replayed.said(lang))
