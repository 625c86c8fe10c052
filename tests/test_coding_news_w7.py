"""Issue 10, round 7: the type model on the constructions of the w7 training rows
(data/coding/training/w7_*.jsonl), each pinned with a sentence of our own that is not in
the rows, with a hard negative beside it.

The reading (top type) holds for the shipped model already; the margins are what the w7 rows
bought, so they are checked only once the model was trained on the rows that are there now
(`make train`): a model older than the rows is skipped for them, not failed."""

from __future__ import annotations

import pytest

from model_cases import check_margin, check_reading, skip_unless_current

# (construction, sentence, source, target, type, the probability the w7 rows give it at least)
CASES = [
    ("meeting in a temporal participle", "Since meeting the Peruvian president in Lima in May, "
     "the Swiss envoy has visited the mining region twice.", "the Swiss envoy",
     "the Peruvian president", "CONSULT", 0.9),
    ("meeting a target is no meeting", "Since meeting its quarterly sales target, the Swiss "
     "watchmaker has hired 200 staff.", "the Swiss watchmaker", "its quarterly sales target",
     "NONE", 0.9),
    ("defiance in progress", "The scooter operator is still refusing to shut its depot, "
     "in defiance of an order from the transport agency.", "The scooter operator",
     "the transport agency", "REJECT", 0.8),
    ("a fight in court", "Fishermen in the delta have taken the irrigation authority to court "
     "over the new weir.", "Fishermen in the delta", "the irrigation authority", "ACCUSE", 0.7),
    ("tears in court are no lawsuit", "The goalkeeper fought back tears in court as the judge "
     "read the ruling.", "The goalkeeper", "court", "NONE", 0.9),
    ("incitement in a relative clause", "The suspect was in contact with a militant in Libya "
     "who urged him to attack a nightclub in Tunis, prosecutors said.", "a militant in Libya",
     "him", "REQUEST", 0.9),
    ("a coach's advice is no incitement", "Her coach, who urged her to try the high jump, "
     "watched from the stands in Doha.", "Her coach", "her", "NONE", 0.75),
    ("an attempted bombing is an attack", "Police say an Afghan-born apprentice tried to bomb "
     "a bus depot in Graz.", "an Afghan-born apprentice", "a bus depot", "ASSAULT", 0.8),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w7_construction_reading(nlp, case) -> None:
    check_reading(nlp, case)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w7_construction_margin(nlp, case) -> None:
    skip_unless_current()
    check_margin(nlp, case)
