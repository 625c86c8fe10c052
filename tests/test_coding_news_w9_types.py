"""Issue 10, round 9: the type model on the boundaries between neighbouring PLOVER types that
the w9 rows teach (data/coding/training/w9_types_*.jsonl: SUPPORT vs AGREE, REQUEST vs
THREATEN vs SANCTION, MOBILIZE vs THREATEN, a coach's urging vs a political request), each
pinned with a sentence of our own that is not in the rows.

The reading (top type) of CASES holds for the shipped model already; their margins are checked
only once the model was trained on the rows that are there now (`make train`): an older model
is skipped for them, not failed. What the w9 rows bought there (shipped -> trained with them):
the conditional threat of force THREATEN 0.69 -> 0.80, the coach NONE 0.74 -> 0.78, the accepted
proposal AGREE 0.94 -> 0.97. NOT_TAUGHT are readings the rows were written for and did not move
enough (a weather service's warning stays THREATEN 0.73 -> 0.70; "called on the Malawian leader
at his residence" stays REQUEST 0.69 -> 0.66): strict expected failures, so that a model that
gets them right shows up."""

from __future__ import annotations

import pytest

from model_cases import check_margin, reading_and_margin_tests

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
    (
        "force promised if soldiers cross is a threat",
        "The Bolivian defence minister said La Paz would respond with force if Chilean soldiers "
        "crossed the border.",
        "La Paz",
        "Chilean soldiers",
        "THREATEN",
        0.75,
    ),
    (
        "a coach urging his players is no request",
        "The coach urged his players to stay focused before the final against Morocco.",
        "The coach",
        "his players",
        "NONE",
        0.7,
    ),
]

# readings the w9 rows were written for and did not teach (both models get them wrong)
NOT_TAUGHT = [
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


test_w9_types_construction_reading, test_w9_types_construction_margin = reading_and_margin_tests(
    CASES, CASES, "w9_")


@pytest.mark.xfail(strict=True, reason="the w9 rows did not teach these readings")
@pytest.mark.parametrize("case", NOT_TAUGHT, ids=[c[0] for c in NOT_TAUGHT])
def test_w9_types_not_yet_taught(nlp, case) -> None:
    check_margin(nlp, case, top=True)
