"""Issue 10, round 6: the lexicon constructions added for real-news misses, each pinned with a
sentence of our own (pair coding reads the lexicon's type; none of these sentences comes
from a benchmark)."""

from __future__ import annotations

import pytest

from eventwatch import code_pair

CASES = [
    # (construction, sentence, source, target, type, mode)
    ("legal fight in court", "The fishermen's cooperative has fought the harbour plan in court "
     "since 2019.", "The fishermen's cooperative", "the harbour plan", "ACCUSE", "lawsuit"),
    ("battle in the courts", "Two villages battled the quarry in the courts for a decade.",
     "Two villages", "the quarry", "ACCUSE", "lawsuit"),
    ("intervening on someone's behalf", "The Canadian government intervened on behalf of the "
     "detained engineer.", "The Canadian government", "the detained engineer", "REQUEST",
     "appeal"),
    ("interceding with a government", "The Dutch foreign minister interceded with Ankara on "
     "behalf of the jailed journalist.", "The Dutch foreign minister", "Ankara", "REQUEST",
     "appeal"),
]


@pytest.mark.parametrize("name, sentence, source, target, etype, mode", CASES,
                         ids=[c[0] for c in CASES])
def test_construction(name, sentence, source, target, etype, mode) -> None:
    got = code_pair(sentence, source, target)
    assert (got["event_type"], got["mode"]) == (etype, mode), got


def test_fighting_without_a_court_stays_an_attack() -> None:
    """The court phrase needs "court": a fight elsewhere is still read as force."""
    got = code_pair("Rebel fighters fought the army in the hills above the town.",
                    "Rebel fighters", "the army")
    assert got["event_type"] == "ASSAULT", got
