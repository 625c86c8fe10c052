"""Issue 10, round 8: the type model on the conflict-side constructions of the w8 training rows
(data/coding/training/w8_*.jsonl), each pinned with a sentence of our own that is not in the
rows, with hard negatives beside them (reverse direction, a bystander, sport and business
wording with political-looking verbs).

The reading (top type) of CASES holds for the shipped model already; what the w8 rows bought
(the margins, and the readings of NEW_READINGS, which the shipped model gets wrong: the derby
win read as ASSAULT 0.37 over NONE 0.34) is checked only once the model was trained on the rows
that are there now (`make train`): an older model is skipped for them, not failed."""

from __future__ import annotations

import pytest

from model_cases import check_margin, check_reading, skip_unless_current

# (construction, sentence, source, target, type, the probability the w8 rows give it at least)
CASES = [
    (
        "a verdict is an accusation",
        "A court in Baku sentenced the opposition economist to eight years on fraud charges.",
        "A court in Baku",
        "the opposition economist",
        "ACCUSE",
        0.9,
    ),
    (
        "the convicted is not the accuser",
        "A court in Baku sentenced the opposition economist to eight years on fraud charges.",
        "the opposition economist",
        "A court in Baku",
        "NONE",
        0.95,
    ),
    (
        "a denial of a claim is a rejection",
        "The Moroccan army dismissed claims by the Polisario "
        "Front that its drones had struck a civilian convoy.",
        "The Moroccan army",
        "the Polisario Front",
        "REJECT",
        0.85,
    ),
    (
        "an abduction is coercion",
        "Gunmen seized eleven teachers from a school in Katsina state overnight.",
        "Gunmen",
        "eleven teachers",
        "COERCE",
        0.5,
    ),
    (
        "expelled diplomats are a sanction",
        "Estonia expelled a Russian diplomat over attempts to recruit border guards.",
        "Estonia",
        "a Russian diplomat",
        "SANCTION",
        0.9,
    ),
    (
        "shelling is an assault",
        "Russian artillery shelled the centre of Nikopol on Sunday, wounding three civilians.",
        "Russian artillery",
        "the centre of Nikopol",
        "ASSAULT",
        0.9,
    ),
    (
        "the reporting source is no party",
        "Rebels attacked a checkpoint near Bunia overnight, the army spokesman said.",
        "the army spokesman",
        "Rebels",
        "NONE",
        0.95,
    ),
    (
        "a rejected takeover bid is no refusal",
        "The brewer rejected a takeover bid from its "
        "Belgian rival, saying the offer was far too low.",
        "The brewer",
        "its Belgian rival",
        "NONE",
        0.88,
    ),
]

# readings the shipped model gets wrong, that the w8 rows teach
NEW_READINGS = [
    (
        "a derby win is no attack",
        "Fenerbahce stormed past Galatasaray 3-0 in the Istanbul derby on Sunday.",
        "Fenerbahce",
        "Galatasaray",
        "NONE",
        0.35,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w8_conflict_construction_reading(nlp, case) -> None:
    check_reading(nlp, case)


@pytest.mark.parametrize("case", CASES + NEW_READINGS, ids=[c[0] for c in CASES + NEW_READINGS])
def test_w8_conflict_construction_margin(nlp, case) -> None:
    skip_unless_current()
    check_margin(nlp, case, top=True)
