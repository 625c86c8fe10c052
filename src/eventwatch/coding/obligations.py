"""Reported demands: "X said Y must do Z" is X's demand of Y, whatever Z is.

The lexicon reads a demand when the obligated act is one of its triggers ("Russia says Israel
must end its attacks": coder.stance_event); a demand whose act it has no entry for ("said the
firm must have a permit", "said the company must stop the tests or face action") gave no event.
Here every verb under an obligation modal (cues.yaml `obligation_words`) in a clause reported
by a political actor becomes the ontology's obligation reading (a REQUEST in the demand mode)
from the reporter to the obligated subject, unless an event of the sentence already holds that
predicate. The actors pass the same political tests as a lexicon candidate's; the type model's
NONE gate reads the pair only when the speaker is a name the resolver does not place (the
model has no training rows of this construction yet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding import gate
from eventwatch.coding.arg_spans import arg_span, reporter_of
from eventwatch.coding.calibration import calibration
from eventwatch.coding.clause_actors import _as_actor, actorish, clause_subject
from eventwatch.coding.cues import cues
from eventwatch.coding.event import CodedEvent
from eventwatch.coding.ontology import ontology

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _obligated(sentence: Span) -> list[Token]:
    """The verbs of `sentence` with an obligation modal ("must cease", "should leave")."""
    words = cues().obligation_words
    return [
        t for t in sentence
        if t.pos_ in ("VERB", "AUX") and any(
            ch.dep_ == "aux" and ch.lower_ in words for ch in t.children
        )
    ]


def _overlaps(spans: list[Span], x: Span) -> bool:
    return any(s.start < x.end and x.start < s.end for s in spans)


def demand_events(sentence: Span, known: list[CodedEvent], actor_of: gate.ActorOf | None) -> list[CodedEvent]:
    """The reported demands of `sentence` that no event in `known` already reads."""
    from eventwatch.coding import model

    onto, c = ontology(), cues()
    ob = onto.obligation
    if ob is None:
        return []
    taken = {ev.trigger.i for ev in known}
    out: list[CodedEvent] = []
    for verb in _obligated(sentence):
        if verb.i in taken:
            continue  # the lexicon's event (and its stance) already reads this predicate
        rep = reporter_of(verb, c)
        subj, _ = clause_subject(verb, c)
        subj = [s for s in _as_actor(subj, c) if actorish(s, c) and s.pos_ != "PRON"]
        if rep is None or not subj or rep.i == subj[0].i:
            continue
        source, target = arg_span(rep, sentence, c), arg_span(subj[0], sentence, c)
        if source.start < target.end and target.start < source.end:
            continue
        if any(_overlaps(ev.source, source) and _overlaps(ev.target, target) for ev in known):
            continue  # "insisted that Y should ...": the lexicon's REQUEST already links them
        level = gate.political_level(source, actor_of)
        if level == 0 or not gate.is_political(target, actor_of, strict=False):
            continue
        if level == 1 and gate.political_level(target, actor_of) < 2:
            continue  # two unknown names: no sign of politics in the pair
        probs = model.score_types(sentence, verb, source, target, with_none=True)
        p_event = None if not probs or model.NONE not in probs else 1.0 - probs[model.NONE]
        if level < 2 and p_event is not None and p_event < gate.event_threshold("unsure", level):
            continue  # an unknown speaker needs the model's word; a placed one's demand stands
            # (the model learned no rows of this construction: it reads "said Y must have" as
            # no event, so its NONE gate would drop the construction whole)
        types = model.event_probs(probs) if probs and p_event is not None else None
        p_type = types.get(ob.type, 0.0) if types else None
        agree = bool(types) and max(types, key=types.__getitem__) == ob.type
        conf = calibration().event_confidence(None, None, p_type, agree, p_event)
        out.append(CodedEvent(
            trigger=verb, event_type=ob.type, sentence=sentence, source=[source], target=[target],
            object=None, reporter=None, factuality="realized", mode=ob.mode, contexts=[],
            cameo=ob.cameo, quad_class=onto.quad_class(ob.type), goldstein=onto.goldstein(ob.cameo),
            confidence=conf, extra={"demand": True, "p_event": p_event, "model": probs is not None},
        ))
    return out
