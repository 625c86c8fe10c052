"""Issue 10, round 10: the constructions of the w10 rows (w10_constructions_*.jsonl), each pinned
with a sentence of our own that is in neither the rows nor the probe sets they were found with:
reciprocal events with a coordinated subject ("X and Y traded accusations", "blamed each
other", "swapped prisoners") are the event both ways; a place, a sea or a court's city is no
target; a seized ship is; a crowd with no named organiser protests against the government it
marches against; and the same reciprocal wording outside politics (teams trading goals, firms
swapping brands) is no event.

The shipped model reads the coordinated pair of "Chad and Niger traded accusations" as
COOPERATE (0.91, ACCUSE 0.02), "teams traded goals" as COOPERATE (0.81) and the sea, the
court's city and the crowd's city as targets (NONE 0.44, 0.36, 0.17); a model trained with the
w10 rows reads them ACCUSE 0.65 / 0.66, NONE 0.75, and NONE 0.88, 0.57, 0.80. So only the
readings the shipped model already gets (READINGS) are checked unconditionally; the w10
margins (MARGINS) are checked once the model in use was trained on the rows there are now and
they include the w10 files (they wait in training-pending/ until then): an older model is
skipped for them, not failed."""

from __future__ import annotations

from model_cases import reading_and_margin_tests

_CHAD = (
    "Chad and Niger traded accusations on Monday over a raid on a gold mine near their shared "
    "border."
)
_MALI = (
    "Mali and Algeria blamed each other for the crash of a military drone near the border town "
    "of Tinzaouaten."
)
_SWAP = (
    "Ukraine and Russia swapped 150 prisoners each on Thursday in a deal brokered by the Emirates."
)
_HORMUZ = (
    "The Iranian navy seized a tanker carrying Iraqi fuel oil in the Strait of Hormuz on Friday."
)
_TASHKENT = (
    "A court in Tashkent jailed a blogger for seven years on Wednesday for insulting the president."
)
_SOFIA = (
    "Tens of thousands marched through Sofia on Sunday against the government's plan to scrap "
    "the currency board."
)
_LIMA = "Peru and Uruguay traded goals in a lively World Cup qualifier in Lima on Tuesday night."
_BRANDS = (
    "Unilever and Nestle swapped two ice-cream brands in a deal announced in London on Monday."
)

# (construction, sentence, source, target, type, the probability the w10 rows give it at least)
READINGS = [
    ("prisoners swapped by a coordinated subject", _SWAP, "Ukraine", "Russia", "CONCEDE", 0.8),
    ("the seized ship is the target", _HORMUZ, "The Iranian navy", "a tanker", "COERCE", 0.6),
    (
        "a crowd marches against the government",
        _SOFIA,
        "Tens of thousands",
        "the government",
        "PROTEST",
        0.9,
    ),
]
MARGINS = READINGS + [
    ("reciprocal accusations, one way", _CHAD, "Chad", "Niger", "ACCUSE", 0.55),
    ("reciprocal accusations, the other way", _CHAD, "Niger", "Chad", "ACCUSE", 0.55),
    ("blamed each other", _MALI, "Mali", "Algeria", "ACCUSE", 0.7),
    ("the sea is no target", _HORMUZ, "The Iranian navy", "the Strait of Hormuz", "NONE", 0.75),
    ("the court's city is no target", _TASHKENT, "A court", "Tashkent", "NONE", 0.5),
    ("the crowd's city is no target", _SOFIA, "Tens of thousands", "Sofia", "NONE", 0.65),
    ("teams trading goals", _LIMA, "Peru", "Uruguay", "NONE", 0.6),
    ("firms swapping brands", _BRANDS, "Unilever", "Nestle", "NONE", 0.4),
]


test_w10_reading, test_w10_margin = reading_and_margin_tests(READINGS, MARGINS, "w10_")
