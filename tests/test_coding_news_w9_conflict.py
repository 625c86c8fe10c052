"""Issue 10, round 9: the type model on LONG news sentences with several actors, the constructions
of the w9 conflict rows (data/coding/training/w9_long_conflict_*.jsonl: 25-50 words, 3-6 actor
mentions, one to four events and every other pair NONE), each pinned with a sentence of our own
that is not in the rows: the attributed speaker of a report, a dateline's wire report, an
apposition, a participial opener's talks partner, a background clause, a nominal arrest "by" its
doer, a passive with its agent, a denied attack (the act keeps its type; its factuality is
negated, as the corpus codes it), a match report and a weather warning with conflict verbs.

The reading (top type) of CASES holds for the shipped model already (the type model reads these
long sentences' pairs well); the w9 rows leave each probability within 0.06 of the shipped
model's (a model trained on the branch: the background clause's actor NONE 0.82 -> 0.87, the
weather warning NONE 0.80 -> 0.87, the accuser of a denial NONE 0.92 -> 0.86), so the margins
below guard the readings against a retrain, checked only once the model was trained on the rows
that are there now (`make train`): an older model is skipped for them, not failed."""

from __future__ import annotations

from model_cases import reading_and_margin_tests

_MALI = (
    "Militants fired rockets at an army base near Kidal overnight, wounding four soldiers, a "
    "spokesman for the Malian government said on state television on Saturday."
)
_KYIV = (
    "KYIV, April 2 (Reuters) - Russian forces struck energy facilities in the Kharkiv and Dnipro "
    "regions overnight, cutting power to thousands of homes, Ukraine's energy minister said on "
    "Tuesday, calling on Western partners to send more air defence systems."
)
_SALIM = (
    "Ahmed Salim, the regional governor, accused the federal army on Monday of killing six "
    "herders near Bosaso in an air strike, and called on the African Union mission to investigate."
)
_DOHA = (
    "Speaking after talks with the Qatari emir in Doha, the Turkish president condemned Israel's "
    "strikes on Beirut as a crime against humanity and urged Western governments to halt arms sales."
)
_LIMA = (
    "Police in Lima arrested a former mayor on Tuesday on charges of taking bribes from a "
    "Brazilian builder, a year after the president of Ecuador visited the city for talks on trade "
    "and border security."
)
_YANGON = (
    "The arrest of two Reuters journalists by police in Yangon drew condemnation from the European "
    "Union, whose envoy demanded their immediate release in a meeting with the foreign minister."
)
_ALEPPO = (
    "A convoy of aid trucks was shelled by government forces outside Aleppo on Thursday, killing "
    "two drivers, the Syrian Observatory for Human Rights said, blaming units loyal to the defence "
    "minister."
)
_ADRE = (
    "The Chadian army denied attacking a camp of Sudanese refugees near the border town of Adre, "
    "after the UN refugee agency said soldiers had fired on residents who protested against food "
    "shortages."
)
_REMAL = (
    "Forecasters at the India Meteorological Department warned that Cyclone Remal would batter the "
    "coasts of West Bengal and Bangladesh on Sunday night, and officials in Dhaka moved 800,000 "
    "people to shelters."
)
_BAYERN = (
    "Bayern Munich's coach said his side had attacked relentlessly for ninety minutes but could "
    "not break down a Borussia Dortmund defence marshalled by their captain, and accused the "
    "referee of missing a handball."
)

# (construction, sentence, source, target, type, the probability the w9 rows give it at least)
CASES = [
    ("the reported attack", _MALI, "Militants", "an army base near Kidal", "ASSAULT", 0.9),
    (
        "the report's speaker is no party",
        _MALI,
        "a spokesman for the Malian government",
        "Militants",
        "NONE",
        0.95,
    ),
    ("the dateline's attack", _KYIV, "Russian forces", "energy facilities", "ASSAULT", 0.9),
    (
        "the minister reporting it is no attacker's target",
        _KYIV,
        "Ukraine's energy minister",
        "Russian forces",
        "NONE",
        0.95,
    ),
    (
        "the accusation of the named speaker",
        _SALIM,
        "Ahmed Salim",
        "the federal army",
        "ACCUSE",
        0.85,
    ),
    (
        "an apposition is no party to the alleged act",
        _SALIM,
        "the regional governor",
        "six herders",
        "NONE",
        0.7,
    ),
    ("the condemnation after the talks", _DOHA, "the Turkish president", "Israel", "ACCUSE", 0.8),
    ("the talks partner is no party to it", _DOHA, "the Qatari emir", "Israel", "NONE", 0.8),
    ("the arrest in the main clause", _LIMA, "Police in Lima", "a former mayor", "COERCE", 0.95),
    (
        "a background clause's actor is no party",
        _LIMA,
        "the president of Ecuador",
        "a former mayor",
        "NONE",
        0.75,
    ),
    (
        "a nominal arrest by its doer",
        _YANGON,
        "police in Yangon",
        "two Reuters journalists",
        "COERCE",
        0.95,
    ),
    (
        "the condemner is no target of the arrest",
        _YANGON,
        "two Reuters journalists",
        "the European Union",
        "NONE",
        0.95,
    ),
    (
        "a passive with its agent",
        _ALEPPO,
        "government forces",
        "A convoy of aid trucks",
        "ASSAULT",
        0.95,
    ),
    (
        "a denied attack keeps its type",
        _ADRE,
        "The Chadian army",
        "a camp of Sudanese refugees",
        "ASSAULT",
        0.9,
    ),
    (
        "the accuser of a denial is no party",
        _ADRE,
        "the UN refugee agency",
        "The Chadian army",
        "NONE",
        0.75,
    ),
    (
        "a match report with conflict verbs",
        _BAYERN,
        "Bayern Munich's coach",
        "a Borussia Dortmund defence",
        "NONE",
        0.85,
    ),
    (
        "a weather warning is no threat",
        _REMAL,
        "Forecasters at the India Meteorological Department",
        "Cyclone Remal",
        "NONE",
        0.75,
    ),
]


test_w9_long_conflict_reading, test_w9_long_conflict_margin = reading_and_margin_tests(
    CASES, CASES, "w9_")
