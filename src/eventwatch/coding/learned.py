"""Learned candidates: actor pairs that the type model reads as an event the lexicon missed.

The lexicon proposes events from its trigger words; a sentence whose predicate it lacks ("the
two sides traded blame", "X's envoy held a call with Y") gives none. Here every ordered pair
of political actor mentions in a sentence that no lexicon event already links is scored by
the type model (coding/model.py, trained with NONE hard negatives); a pair it reads as an
event with P(event) >= LEARNED_THRESHOLD becomes one, typed by the model, its trigger the
predicate that links the two mentions. Of the two directions of a pair only the likelier is
kept. Sentences with many mentions are skipped (the number of pairs grows as its square).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding import gate
from eventwatch.coding.candidates import actorish, arg_span
from eventwatch.coding.clause_actors import in_dateline
from eventwatch.coding.cues import cues
from eventwatch.coding.event import CodedEvent
from eventwatch.coding.factuality import factuality_cue
from eventwatch.coding.ontology import ontology
from eventwatch.coding.readings import dyad_reading

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

LEARNED_THRESHOLD = 0.9  # P(event) a pair needs with no lexicon trigger behind it
MAX_MENTIONS = 6
# only sentences where the lexicon found no event: the recall gap the issue measured (a third
# of real sentences with an event get none), at a fifth of the cost of every sentence
ONLY_EVENTLESS_SENTENCES = True


def _heads(sentence: Span) -> list[Token]:
    """The actor-like noun heads of a sentence: the cheap part of `mentions`, read from the
    tokens alone (no span building, no resolver)."""
    c = cues()
    out: list[Token] = []
    for tok in sentence:
        if tok.pos_ not in ("NOUN", "PROPN", "PRON") or tok.dep_ in ("compound", "amod", "poss"):
            continue
        if tok.ent_type_ and tok.ent_iob_ == "I" and tok.head.i != tok.i and tok.head.ent_iob_ != "O":
            continue  # inside a multi-word name: its head stands for it
        if actorish(tok, c) and not in_dateline(tok):
            out.append(tok)
    return out


def mentions(
    sentence: Span, actor_of: gate.ActorOf | None, heads: list[Token] | None = None
) -> list[Span]:
    """The actor mentions of a sentence: one span per actor-like noun head, not nested."""
    c = cues()
    out: list[Span] = []
    for tok in _heads(sentence) if heads is None else heads:
        span = arg_span(tok, sentence, c)
        if any(s.start < span.end and span.start < s.end for s in out):
            continue
        if gate.is_political(span, actor_of, strict=False):
            out.append(span)
    return out


def _predicate(src: Span, tgt: Span) -> Token | None:
    """The word that links two mentions: their lowest common head outside both spans."""
    up = [src.root, *src.root.ancestors]
    ids = {t.i for t in [tgt.root, *tgt.root.ancestors]}
    top = next((t for t in up if t.i in ids), None)
    if top is None:
        return None
    while (src.start <= top.i < src.end or tgt.start <= top.i < tgt.end) or top.pos_ in (
        "ADP", "CCONJ", "PUNCT", "PART",
    ):
        if top.head.i == top.i:
            return None
        top = top.head
    return top if top.pos_ in ("VERB", "NOUN", "AUX") else None


def _linked(events: list[CodedEvent], a: Span, b: Span) -> bool:
    def hit(spans: list[Span], x: Span) -> bool:
        return any(s.start < x.end and x.start < s.end for s in spans)

    return any(
        (hit(ev.source, a) and hit(ev.target, b)) or (hit(ev.source, b) and hit(ev.target, a))
        for ev in events
    )


def learned_events(
    sentence: Span, known: list[CodedEvent], actor_of: gate.ActorOf | None
) -> list[CodedEvent]:
    """Events between mention pairs of `sentence` that the lexicon's `known` events miss."""
    from eventwatch.coding import model
    from eventwatch.coding.calibration import calibration

    if known and ONLY_EVENTLESS_SENTENCES:
        return []
    heads = _heads(sentence)
    if len(heads) < 2:  # each mention has its own head: fewer than two heads, no pair
        return []
    found = mentions(sentence, actor_of, heads)
    if len(found) < 2 or len(found) > MAX_MENTIONS:
        return []
    onto = ontology()
    out: list[CodedEvent] = []
    level = {m.start: gate.political_level(m, actor_of) for m in found}
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if max(level[a.start], level[b.start]) < 2:
                continue  # no placed political actor in the pair
            if _linked(known, a, b) or _predicate(a, b) is None:
                continue
            best: tuple[float, Span, Span, dict[str, float]] | None = None
            for src, tgt in ((a, b), (b, a)):
                if level[src.start] == 0:
                    continue
                probs = model.score_types(sentence, None, src, tgt, with_none=True)
                if not probs or model.NONE not in probs:
                    continue
                p_ev = 1.0 - probs[model.NONE]
                if best is None or p_ev > best[0]:
                    best = (p_ev, src, tgt, probs)
            if best is None or best[0] < LEARNED_THRESHOLD:
                continue
            p_ev, src, tgt, probs = best
            trigger = _predicate(src, tgt)
            if trigger is None:
                continue
            types = model.event_probs(probs)
            etype = max(types, key=types.__getitem__)
            fact, _ = factuality_cue(trigger)
            mode = None
            cameo = onto.types[etype].default_cameo
            reading = dyad_reading(etype, fact)
            if reading is not None:
                # "was not granted permission", "will strike": the dyad's act is the refusal
                # or the threat itself, and that happened (as coder.stance_event reads it)
                etype, mode, cameo = reading
                fact = "realized"
            conf = calibration().event_confidence(None, None, types.get(etype, 0.0), True, p_ev)
            out.append(
                CodedEvent(
                    trigger=trigger, event_type=etype, sentence=sentence, source=[src],
                    target=[tgt], factuality=fact, mode=mode, cameo=cameo,
                    quad_class=onto.quad_class(etype), goldstein=onto.goldstein(cameo),
                    confidence=conf,
                    extra={"learned": True, "p_event": p_ev, "model": True,
                           "p_type": types.get(etype, 0.0), "agree": True},
                )
            )
    return out
