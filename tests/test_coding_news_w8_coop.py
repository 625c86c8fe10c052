"""Issue 10, round 8: the type model on the cooperation-side constructions of the w8 training
rows (data/coding/training/w8_*.jsonl: talks and visits, agreements, support, cooperation,
aid, requests, concessions and pull-backs), each pinned with a sentence of our own that is not
in the rows, beside hard negatives (a sports trip, a speaker, a recall).

The reading (top type) holds for the shipped model already; the margins are what the w8 rows
keep or bought (the team's trip 0.65 -> 0.78 NONE, the speaker 0.83 -> 0.90 NONE), so they are
checked only once the model was trained on the rows that are there now (`make train`): a model
older than the rows is skipped for them, not failed. Not pinned, because the rows did not teach
it: "Guerrillas ... freed three kidnapped soldiers" stays RETREAT (0.85) rather than CONCEDE."""

from __future__ import annotations

import pytest

from model_cases import check_margin, check_reading, skip_unless_current

# (construction, sentence, source, target, type, the probability the w8 rows give it at least)
CASES = [
    ("nominal talks between two parties", "Talks between the Bolivian government and coca "
     "growers' unions resumed in Cochabamba on Monday.", "the Bolivian government",
     "coca growers' unions", "CONSULT", 0.9),
    ("a team's trip is no visit", "The basketball team travelled to Belgrade for the cup "
     "final on Thursday.", "The basketball team", "Belgrade", "NONE", 0.7),
    ("the speaker is no party to the meeting", "The Peruvian minister met Chilean officials "
     "in Arica, a ministry spokesman said.", "a ministry spokesman", "Chilean officials",
     "NONE", 0.85),
    ("an accepted offer", "The Haitian council accepted Jamaica's offer of police trainers "
     "on Friday.", "The Haitian council", "Jamaica", "AGREE", 0.9),
    ("aid shipped to a country", "Seoul shipped 20,000 tonnes of rice to drought-hit "
     "Mongolia last month.", "Seoul", "drought-hit Mongolia", "AID", 0.75),
    ("an appeal to a ministry", "The Ecuadorian bishops urged the interior ministry to "
     "reopen the prison to visitors.", "The Ecuadorian bishops", "the interior ministry",
     "REQUEST", 0.95),
    ("troops pulled out of a place", "Ivorian troops pulled out of the disputed border "
     "village on Tuesday.", "Ivorian troops", "the disputed border village", "RETREAT", 0.9),
    ("a recall is no concession", "The toy maker recalled 40,000 scooters after reports of "
     "faulty brakes.", "The toy maker", "40,000 scooters", "NONE", 0.9),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w8_coop_construction_reading(nlp, case) -> None:
    check_reading(nlp, case)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w8_coop_construction_margin(nlp, case) -> None:
    skip_unless_current()
    check_margin(nlp, case)
