"""Issue 10, round 9: the type model on the boundaries between neighbouring PLOVER types that
the w9 rows teach (data/coding/training/w9_types_*.jsonl: SUPPORT vs AGREE, REQUEST vs
THREATEN vs SANCTION, MOBILIZE vs THREATEN, CONSULT vs REQUEST), each pinned with a sentence of
our own that is not in the rows.

The reading (top type) of CASES holds for the shipped model already; the margins, and the
readings of NEW_READINGS (which the shipped model gets wrong: the weather service's warning read
as THREATEN 0.73, "called on the Malawian leader at his residence" as REQUEST 0.69), are checked
only once the model was trained on the rows that are there now (`make train`): an older model
is skipped for them, not failed."""

from __future__ import annotations

import pytest

from model_cases import pair_probs, skip_unless_current, top3

ESTONIA = "The Estonian government"

# (construction, sentence, source, target, type, the probability the w9 rows give it at least)
CASES = [
    (
        "praise for a decision is support",
        "The Kenyan foreign minister praised Uganda's decision to reopen the border crossing "
        "at Malaba.",
        "The Kenyan foreign minister",
        "Uganda",
        "SUPPORT",
        0.9,
    ),
    (
        "an accepted proposal is an agreement",
        "Uganda accepted a Kenyan proposal to share the cost of a new oil pipeline to Mombasa.",
        "Uganda",
        "a Kenyan proposal",
        "AGREE",
        0.85,
    ),
    (
        "urging a release is a request",
        "The Estonian government urged Moscow to release a border guard detained near Narva.",
        ESTONIA,
        "Moscow",
        "REQUEST",
        0.9,
    ),
    (
        "a penalty if it is not done is a threat",
        "The Estonian government warned Moscow that it would close the Narva crossing if the "
        "border guard was not freed.",
        ESTONIA,
        "Moscow",
        "THREATEN",
        0.9,
    ),
    (
        "an expelled diplomat is a sanction, not a threat",
        "The Estonian government expelled a Russian diplomat after a border guard was detained "
        "near Narva.",
        ESTONIA,
        "a Russian diplomat",
        "SANCTION",
        0.9,
    ),
    (
        "troops put on alert are a mobilisation",
        "Bolivia put its troops on alert along the Chilean border after a dispute over water "
        "rights.",
        "Bolivia",
        "the Chilean border",
        "MOBILIZE",
        0.9,
    ),
]

# readings the shipped model gets wrong, that the w9 rows teach
NEW_READINGS = [
    (
        "a weather warning is no threat",
        "The national weather service warned farmers in the south of a late frost this week.",
        "The national weather service",
        "farmers in the south",
        "NONE",
        0.5,
    ),
    (
        "calling on a leader at his residence is a visit",
        "Zambia's president called on the Malawian leader at his residence in Lilongwe on Friday.",
        "Zambia's president",
        "the Malawian leader",
        "CONSULT",
        0.5,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w9_types_construction_reading(nlp, case) -> None:
    _, sentence, source, target, etype, _ = case
    probs = pair_probs(nlp, sentence, source, target)
    assert max(probs, key=probs.__getitem__) == etype, top3(probs)


@pytest.mark.parametrize("case", CASES + NEW_READINGS, ids=[c[0] for c in CASES + NEW_READINGS])
def test_w9_types_construction_margin(nlp, case) -> None:
    skip_unless_current()
    _, sentence, source, target, etype, least = case
    probs = pair_probs(nlp, sentence, source, target)
    assert max(probs, key=probs.__getitem__) == etype, top3(probs)
    assert probs[etype] >= least, top3(probs)
