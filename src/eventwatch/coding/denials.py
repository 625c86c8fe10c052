"""Denials as events of their own: "Moscow denied that its warplanes had bombed the market"
asserts no bombing (the bombing is coded negated, with "denied" as its cue) but is itself
Moscow's REJECT of the accusation (PLOVER's `deny` mode; plover.yaml `denial_reading`),
aimed at whom the denied act was aimed at, as CAMEO codes the dyad of a denial. The denier
is the subject of the denial verb (cues.yaml `denial_words`), whoever the denied act's doer
is ("its warplanes", "Russia and Ukraine"); without a named denier there is no stance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.arg_spans import arg_span
from eventwatch.coding.cues import cues
from eventwatch.coding.event import CodedEvent
from eventwatch.coding.ontology import ontology

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def denial_stance(ev: CodedEvent) -> CodedEvent | None:
    """The denier's REJECT beside a negated event whose cue is a denial verb, realized, with
    the denied act's target as its target; None for any other event, when the denier is not
    named or is also the target."""
    cue: Token | None = ev.extra.get("cue_token")
    c = cues()
    if ev.factuality != "negated" or cue is None or cue.lemma_.lower() not in c.denial_words:
        return None
    denier = _denier(cue, ev)
    if not denier or not ev.target or _overlaps(denier, ev.target):
        return None
    reading = ontology().denial
    assert reading is not None
    onto = ontology()
    return CodedEvent(
        trigger=cue, event_type=reading.type, sentence=ev.sentence, source=denier,
        target=list(ev.target), object=ev.object, reporter=None, factuality="realized",
        mode=reading.mode, contexts=list(ev.contexts), cameo=reading.cameo,
        quad_class=onto.quad_class(reading.type), goldstein=onto.goldstein(reading.cameo),
        confidence=min(1.0, ev.confidence + 0.02),
        extra={**ev.extra, "stance_on": ev.event_type, "stance_verb": True},
    )


def _denier(cue: Token, ev: CodedEvent) -> list[Span]:
    """The named subject of the denial verb: a noun phrase, or the denied act's own source
    when that is the subject ("the army denied firing on the convoy")."""
    for ch in cue.children:
        if ch.dep_ != "nsubj":
            continue
        if any(s.start <= ch.i < s.end for s in ev.source):
            return list(ev.source)
        if ch.pos_ in ("NOUN", "PROPN"):
            return [arg_span(ch, ev.sentence, cues())]
    return []


def _overlaps(a: list[Span], b: list[Span]) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a for y in b)
