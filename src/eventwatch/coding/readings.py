"""The dyad readings of unrealized events (plover.yaml `unrealized`): "will release" is the
source AGREEing to it, "refused to meet" a REJECT, "will strike" a THREAT. Shared by the
lexicon coder, the learned candidates and the calibration script."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.event import CodedEvent
from eventwatch.coding.model import NONE
from eventwatch.coding.ontology import Reading, ontology

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def unrealized_reading(event_type: str, factuality: str) -> Reading | None:
    """The type's reading of an event with this factuality (plover.yaml `unrealized`)."""
    et = ontology().types.get(event_type)
    return None if et is None else et.unrealized.get(factuality)


def refusal_types() -> frozenset[str]:
    """The types an unrealized event is read as when it was refused (plover.yaml's
    `unrealized: {negated: ...}` readings: REJECT)."""
    return frozenset(
        r.type for et in ontology().types.values() if (r := et.unrealized.get("negated")) is not None
    )


def read_as_dyad(types: dict[str, float], factuality: str) -> dict[str, float]:
    """The model's type probabilities as probabilities of the dyad reading (`dyad_reading`)
    under `factuality`: "will release" and "will withdraw" both read as AGREE, so the model's
    probability of AGREE is the sum of theirs; a type without a reading keeps its own."""
    out: dict[str, float] = {}
    for t, p in types.items():
        reading = dyad_reading(t, factuality) if t != NONE else None
        key = reading[0] if reading is not None else t
        out[key] = out.get(key, 0.0) + p
    return out


def dyad_reading(event_type: str, factuality: str) -> tuple[str, str | None, str] | None:
    """The CAMEO-style reading of an unrealized event between a dyad, which is how PLV and
    CAMEO code a sentence: a promised cooperative act ("will release", "is willing to
    withdraw") is the source AGREEing to it; a refused one ("refused to meet", "will not
    lift") is the source REJECTing it; a forceful act announced but not done ("will strike")
    is a THREAT. Returns (type, mode, CAMEO code) or None to keep the event's own type."""
    r = unrealized_reading(event_type, factuality)
    return None if r is None else (r.type, r.mode, r.cameo)


def permission_stance(ev: CodedEvent, withheld: Token) -> CodedEvent | None:
    """The stance of a withheld permission (factuality.withheld_permission): "X was not
    allowed to leave" is no refusal by X but a refusal aimed at X, by whoever withholds the
    permission (named as the permission verb's subject or agent, else left unnamed): the
    event type's reading of a negated event (plover.yaml `unrealized`), realized, with X as
    its target. None when the type has no such reading or X is not known."""
    reading = unrealized_reading(ev.event_type, "negated")
    if reading is None:
        return None
    if withheld.i == ev.trigger.i:  # "was not granted permission": the trigger is the permission
        refused, refuser = list(ev.target), list(ev.source)
    else:  # "was not allowed to travel to Oslo": the traveller is refused
        refused, refuser = list(ev.source), _withholder(withheld, ev)
    if not refused:
        return None
    onto = ontology()
    return CodedEvent(
        trigger=withheld, event_type=reading.type, sentence=ev.sentence, source=refuser,
        target=refused, object=ev.object, reporter=ev.reporter, factuality="realized",
        mode=reading.mode, contexts=list(ev.contexts), cameo=reading.cameo,
        quad_class=onto.quad_class(reading.type), goldstein=onto.goldstein(reading.cameo),
        confidence=ev.confidence, extra={**ev.extra, "stance_on": ev.event_type},
    )


def _withholder(withheld: Token, ev: CodedEvent) -> list[Span]:
    """The named party that withholds the permission: the active subject ("the court did
    not allow him to travel") or the passive agent ("was not allowed by the ministry")."""
    from eventwatch.coding.arg_spans import arg_span  # the parse helpers import the coder's data
    from eventwatch.coding.cues import cues

    c = cues()
    taken = {t.i for s in ev.source for t in s}
    for ch in withheld.children:
        heads = [ch] if ch.dep_ == "nsubj" else [g for g in ch.children if g.dep_ == "pobj"] if ch.dep_ == "agent" else []
        for h in heads:
            if h.i not in taken and h.pos_ in ("NOUN", "PROPN"):
                return [arg_span(h, ev.sentence, c)]
    return []
