"""Golden test: the coder on the seed article (body as the text reader gives it).

Each expectation keeps its evidence sentence, so a failure shows what was read. The pipeline
turns these spans into actors (countries), dates and places; here we pin what coding owns:
type, factuality, contexts and the argument span texts.
"""

from __future__ import annotations

import pytest

from conftest import SEED_TEXT
from eventwatch.coding import CodedEvent, code_doc

CONFLICT = {"ASSAULT", "COERCE", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "ACCUSE", "REJECT"}

GOLDEN = [
    dict(id="G1", sentence="Russian President Vladimir Putin and North Korean leader Kim Jong Un exchanged gifts during their rendezvous",
         trigger="rendezvous", type="CONSULT", factuality="realized",
         source="Russian President Vladimir Putin", target="North Korean leader Kim Jong Un"),
    dict(id="G2", sentence="Putin offered Kim a high-quality Russian-made rifle, accompanied by a glove",
         trigger="offered", type="AID", factuality="realized", source="Putin", target="Kim", object="rifle"),
    dict(id="G3", sentence="In return, Kim bestowed upon Putin a North Korean-manufactured firearm, among other gifts.",
         trigger="bestowed", type="AID", factuality="realized", source="Kim", target="Putin", object="firearm"),
    dict(id="G4", sentence="Moreover, Moscow revealed that Putin graciously accepted Kim’s invitation to visit",
         trigger="accepted", type="AGREE", factuality="realized", source="Putin", target="Kim", reporter="Moscow"),
    dict(id="G5", sentence="To facilitate this visit, Russia plans to send Foreign Minister Sergei Lavrov to Pyongyang in October",
         trigger="send", type="CONSULT", factuality="planned", source="Russia", target="Pyongyang",
         object="Sergei Lavrov"),
    dict(id="G6", sentence="with his last visit occurring in July 2000 when he met Kim Jong-il, Kim Jong Un’s late father",
         trigger="met", type="CONSULT", factuality="realized", source="he", target="Kim Jong-il"),
    dict(id="G7a", sentence="Kim’s itinerary in Russia includes a visit to a facility in Komsomolsk-on-Amur",
         trigger="visit", type="CONSULT", factuality="planned", source="Kim", target="Komsomolsk-on-Amur"),
    dict(id="G7b", sentence="His arrival in Komsomolsk-on-Amur was met with a ceremonial welcome by regional officials",
         trigger="arrival", type="CONSULT", factuality="realized", source="His", target="Komsomolsk-on-Amur"),
    dict(id="G8", sentence="Additionally, Kim is scheduled to visit Vladivostok to inspect Russia’s Pacific fleet",
         trigger="visit", type="CONSULT", factuality="planned", source="Kim", target="Vladivostok",
         reporter="Putin"),
    dict(id="G9", sentence="North Korean state media have hailed Kim’s summit with Putin as a “historic” event.",
         trigger="hailed", type="SUPPORT", factuality="realized", source="North Korean state media", target="Kim"),
    dict(id="G10a", sentence="the potential announcement of joint military drills between North Korea and Russia",
         trigger="drills", type="COOPERATE", factuality="hypothetical", source="North Korea", target="Russia",
         contexts=["military"]),
    dict(id="G10b", sentence="acknowledged the possibility of closer military ties between Putin and Kim",
         trigger="ties", type="COOPERATE", factuality="hypothetical", source="Putin", target="Kim",
         contexts=["military"]),
]


@pytest.fixture(scope="module")
def seed_events(nlp) -> list[CodedEvent]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1].strip()  # what sources.text gives the pipeline
    return code_doc(nlp(body))


def _find(events: list[CodedEvent], g: dict) -> CodedEvent:
    for ev in events:
        if g["sentence"] in ev.sentence.text and ev.trigger.text == g["trigger"] and ev.event_type == g["type"]:
            return ev
    seen = [(e.event_type, e.trigger.text, e.sentence.text[:50]) for e in events]
    raise AssertionError(f"{g['id']}: no {g['type']} on {g['trigger']!r} in {g['sentence']!r}; got {seen}")


@pytest.mark.parametrize("g", GOLDEN, ids=[g["id"] for g in GOLDEN])
def test_seed_event(seed_events, g):
    ev = _find(seed_events, g)
    assert ev.factuality == g["factuality"], g["sentence"]
    assert [s.text for s in ev.source][:1] == [g["source"]], g["sentence"]
    assert [s.text for s in ev.target][:1] == [g["target"]], g["sentence"]
    if "object" in g:
        assert ev.object is not None and g["object"] in ev.object.text
    if "reporter" in g:
        assert ev.reporter is not None and ev.reporter.text == g["reporter"]
    for ctx in g.get("contexts", []):
        assert ctx in ev.contexts
    assert ev.quad_class in (1, 2, 3, 4) and ev.cameo and 0.0 < ev.confidence <= 1.0


def test_seed_has_no_forbidden_reading(seed_events):
    for ev in seed_events:
        # F1: the gifted firearms are not violence; no realized conflict event at all
        assert not (ev.event_type in CONFLICT and ev.factuality == "realized"), ev.sentence.text
        # F3: the possible drills did not happen
        assert not (ev.event_type == "COOPERATE" and "military" in ev.contexts and ev.factuality == "realized")
        # F2: the 2000 meeting is with Kim Jong-il, never Kim Jong Un
        if "July 2000" in ev.sentence.text and ev.trigger.text == "met":
            assert all("Kim Jong Un" not in s.text for s in ev.source + ev.target)
