"""Pair coding: `code_pair(sentence, source, target)` codes the predicate linking the dyad."""

from __future__ import annotations

import pytest

import eventwatch
from eventwatch.coding import code_pair

KEYS = {"event_type", "quad_class", "mode", "factuality", "confidence", "cameo"}

CASES = [
    ("Iranian Foreign Minister Javad Zarif condemned the decision by the Trump administration.",
     "Iranian Foreign Minister Javad Zarif", "the Trump administration", "ACCUSE", 3),
    ("Putin offered Kim a high-quality Russian-made rifle.", "Putin", "Kim", "AID", 2),
    ("Russian troops shelled Ukrainian positions near Bakhmut on Monday.", "Russian troops",
     "Ukrainian positions", "ASSAULT", 4),
    ("The United Nations urged Israel to withdraw its troops from Lebanon.", "The United Nations",
     "Israel", "REQUEST", 3),
    ("The president met his Chinese counterpart in Beijing in November.", "The president",
     "his Chinese counterpart", "CONSULT", 1),
    # reported future: the source commits to the meeting, which CAMEO and PLV code as AGREE
    ("Officials said the president would meet his Chinese counterpart in November.", "the president",
     "his Chinese counterpart", "AGREE", 1),
    ("The court sentenced the opposition leader to five years in prison.", "The court",
     "the opposition leader", "ACCUSE", 3),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_pair(case):
    sentence, source, target, etype, quad = case
    out = code_pair(sentence, source, target)
    assert set(out) >= KEYS
    assert out["event_type"] == etype, out
    assert out["quad_class"] == quad
    assert 0.0 < out["confidence"] <= 1.0


def test_pair_factuality_and_the_dyad_reading():
    # a refused meeting is the source rejecting the target; the meeting stays visible
    out = code_pair("The president said he would not meet the opposition leader.", "he", "the opposition leader")
    assert (out["event_type"], out["event"], out["factuality"]) == ("REJECT", "CONSULT", "negated")
    # a planned visit is the source agreeing to it
    out = code_pair("Russia plans to send Foreign Minister Sergei Lavrov to Pyongyang in October.", "Russia", "Pyongyang")
    assert (out["event_type"], out["event"], out["factuality"]) == ("AGREE", "CONSULT", "planned")
    # a planned strike is a threat
    out = code_pair("North Korea will strike the United States.", "North Korea", "the United States")
    assert out["event_type"] == "THREATEN" and out["event"] == "ASSAULT"
    # realized events keep their type
    out = code_pair("Pakistan did not attack India.", "Pakistan", "India")
    assert out["event_type"] == "ASSAULT" and out["factuality"] == "negated"


def test_pair_picks_the_predicate_linking_the_dyad():
    s = "Officials said Syrian troops attacked the rebels after the talks with Turkey collapsed."
    assert code_pair(s, "Syrian troops", "the rebels")["event_type"] == "ASSAULT"


def test_public_api_is_the_same_function():
    s = "Putin offered Kim a rifle."
    assert eventwatch.code_pair(s, "Putin", "Kim") == code_pair(s, "Putin", "Kim")


def test_pair_without_trigger_still_answers():
    out = code_pair("Paris and Berlin, as usual.", "Paris", "Berlin")
    assert set(out) >= KEYS and out["confidence"] <= 0.5
