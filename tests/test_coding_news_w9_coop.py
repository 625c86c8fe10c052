"""Issue 10, round 9: the type model on LONG news sentences (30-40 words, 4-6 actor mentions)
of the cooperation side, the shape of the w9_long_coop_*.jsonl training rows: an attributed
speaker, a participial opener, a background clause, a dateline, a release and a pull-back
inside a long sentence. Each sentence is our own and is not in the rows.

The reading (top type) is checked on the model in use for the constructions where the shipped
model already reads it; "the attributing speaker is no party" is the one the shipped model
gets wrong (CONSULT 0.51 over NONE 0.49) and the w9 rows fix (NONE 0.89 with a model trained
on them; the participial opener CONSULT 0.83 -> 0.91, the background actor NONE 0.86 -> 0.88,
the release CONCEDE 0.88 -> 0.90), so it and all the margins are checked only once the model was trained on
the rows that are there now (`make train`): a model older than the rows is skipped for them,
not failed."""

from __future__ import annotations

import pytest

from model_cases import (
    check_margin,
    check_reading,
    skip_unless_trained_on,
    trained_on,
)

TALKS = ("Slovakia's prime minister held talks with Hungarian farm ministers in Komarno on "
         "Friday about grain transit through the Danube ports, a government spokeswoman told "
         "reporters later, adding that no deal had been reached yet.")
DATELINE = ("LILONGWE, Aug 14 (Reuters) - Malawi's finance minister asked the World Bank on "
            "Thursday to speed up a promised $80 million grant for maize imports, after the worst "
            "harvest in a decade left millions short of food, his ministry said.")

# (construction, sentence, source, target, type, the probability the w9 rows give it at least,
#  whether the shipped model (trained before the w9 rows) already reads it)
CASES = [
    ("the attributing speaker is no party", TALKS, "a government spokeswoman",
     "Hungarian farm ministers", "NONE", 0.8, False),
    ("the reported talks keep their pair", TALKS, "Slovakia's prime minister",
     "Hungarian farm ministers", "CONSULT", 0.95, True),
    ("a participial opener", "Speaking after a meeting with Bhutan's king in Thimphu on "
     "Wednesday, the Indian foreign secretary said New Delhi would finance a second hydropower "
     "dam on the Sankosh river, officials in both capitals confirmed.",
     "the Indian foreign secretary", "Bhutan's king", "CONSULT", 0.85, True),
    ("a background clause actor", "Uruguay's president welcomed the Paraguayan foreign "
     "minister to Montevideo on Monday for talks on river dredging, a month after Argentina "
     "accused both neighbours of diverting water from the Uruguay river.", "Argentina",
     "the Paraguayan foreign minister", "NONE", 0.85, True),
    ("an appeal after a dateline", DATELINE, "Malawi's finance minister", "the World Bank",
     "REQUEST", 0.9, True),
    ("the closing attribution is no party", DATELINE, "his ministry", "the World Bank",
     "NONE", 0.95, True),
    ("a release inside a long sentence", "Eritrean authorities freed eleven Ethiopian truck "
     "drivers held at the Zalambessa crossing since March, the Ethiopian transport ministry "
     "said on Saturday, thanking Sudanese and Qatari officials who had raised the case in "
     "Asmara.", "Eritrean authorities", "eleven Ethiopian truck drivers", "CONCEDE", 0.85, True),
    ("a pull-back inside a long sentence", "Kyrgyz border guards pulled back from two disputed "
     "posts near the Tajik village of Vorukh on Sunday under the demarcation accord, the "
     "regional governor said, while Tajik officials reported that traffic had resumed.",
     "Kyrgyz border guards", "two disputed posts", "RETREAT", 0.9, True),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w9_long_coop_reading(nlp, case) -> None:
    if not case[6] and not trained_on("w9_"):  # case[6]: the shipped model reads it
        pytest.skip("the w9 rows fix this reading: needs a model trained on them")
    check_reading(nlp, case)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w9_long_coop_margin(nlp, case) -> None:
    skip_unless_trained_on("w9_")
    check_margin(nlp, case)
