"""Learned candidates: actor pairs (and doerless targets) the type model reads as events.

The lexicon proposes events from its trigger words; a predicate it lacks ("the two sides
traded blame", "X's envoy held a call with Y") gives none, and in a sentence where it found
one event a second pair can still go unread. Here, in every sentence, every ordered pair of
political actor mentions that no event of the sentence already links, and whose linking
predicate no event already holds (one event per predicate), is scored by the type model
(coding/model.py, trained with NONE hard negatives); a pair whose P(event) reaches the gate's
fitted threshold for learned pairs (coding/gate.py) becomes an event, typed by the model, its
trigger the predicate that links the two mentions. Of the two directions of a pair only the
likelier is kept. Sentences with many mentions are skipped (pairs grow as the square).

A lexicon event the gate keeps with a source and no target ("Israel mobilized its army for an
assault on Gaza", "the union went on strike at the company's plants") gets, from the political
mentions its predicate governs, the one the type model likeliest reads as its target, when that
pair reaches the gate's fitted threshold for such targets (`complete_target`, kind `complete`):
no event is added or dropped.

A mention that suffers an act with its doer unnamed ("a patrol came under fire", "X was
arrested", a headline's "Minister detained") is scored alone, as a target-only pair (the
model's `implicit_source` rows), when the model learned such rows and no event of the
sentence holds the mention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding import gate
from eventwatch.coding.candidates import actorish, arg_span
from eventwatch.coding.clause_actors import in_dateline
from eventwatch.coding.cues import cues
from eventwatch.coding.event import CodedEvent
from eventwatch.coding.factuality import factuality_cue, withheld_permission
from eventwatch.coding.lexicon import lexicon
from eventwatch.coding.ontology import ontology
from eventwatch.coding.readings import dyad_reading, refusal_types, unrealized_reading

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from eventwatch.coding.candidates import Candidate

MAX_MENTIONS = 6


def _heads(sentence: Span) -> list[Token]:
    """The actor-like noun heads of a sentence: the cheap part of `mentions`, read from the
    tokens alone (no span building, no resolver). A named possessor counts when what it owns
    is no actor."""
    c = cues()
    out: list[Token] = []
    for tok in sentence:
        if tok.pos_ not in ("NOUN", "PROPN", "PRON") or tok.dep_ in ("compound", "amod"):
            continue
        if tok.dep_ == "poss" and (tok.pos_ != "PROPN" or actorish(tok.head, c)):
            # a named owner of a thing is an actor of its own ("Canada's stand ... is
            # appreciated"); the owner of an actor is part of that actor's mention
            # ("Russia's foreign minister")
            continue
        if tok.ent_type_ and tok.ent_iob_ == "I" and tok.head.i != tok.i and tok.head.ent_iob_ != "O":
            continue  # inside a multi-word name: its head stands for it
        if tok.lemma_.lower() in c.geo_feature_words:
            continue  # "the Aegean Sea", "the Strait of Hormuz": a place of no one, no actor
        if (actorish(tok, c) or (tok.pos_ == "NOUN" and tok.lower_ in gate.PERSON_NOUNS)) and not in_dateline(tok):
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


def _between(a: Span, b: Span) -> set[int]:
    """The token ids on the dependency path between two mentions (their heads' chains up to
    the lowest common head, that head included; the mentions' own tokens left out)."""
    up_a = [a.root, *a.root.ancestors]
    up_b = [b.root, *b.root.ancestors]
    ids_b = {t.i for t in up_b}
    out: set[int] = set()
    for t in up_a:
        out.add(t.i)
        if t.i in ids_b:
            top = t.i
            break
    else:
        return set()
    for t in up_b:
        out.add(t.i)
        if t.i == top:
            break
    return {i for i in out if not (a.start <= i < a.end or b.start <= i < b.end)}


def _linked(events: list[CodedEvent], a: Span, b: Span) -> bool:
    def hit(spans: list[Span], x: Span) -> bool:
        return any(s.start < x.end and x.start < s.end for s in spans)

    return any(
        (hit(ev.source, a) and hit(ev.target, b)) or (hit(ev.source, b) and hit(ev.target, a))
        for ev in events
    )


def _patient(tok: Token) -> bool:
    """Whether a mention's head suffers its clause's act with no doer named in it: a passive
    subject with no `by` agent ("X was arrested"), the subject of "came under" ("a patrol
    came under fire"), or the noun a headline's bare participle hangs from ("Minister
    detained")."""
    head = tok.head
    if tok.dep_ == "nsubjpass":
        return not any(c.dep_ == "agent" for c in head.children)
    if tok.dep_ == "nsubj":
        return any(c.dep_ == "prep" and c.lower_ == "under" for c in head.children)
    return any(
        c.dep_ == "acl" and c.tag_ == "VBN" and not any(g.dep_ == "agent" for g in c.children)
        for c in tok.children
    ) and tok.dep_ == "ROOT"


def _voiced(etype: str, fact: str, cue: Token | None) -> bool:
    """Whether the cue voices the dyad's stance, as `coder.stance_event` asks of a lexicon
    event: "a planned visit" is no promise (AGREE), "could strike" no threat."""
    reading = unrealized_reading(etype, fact)
    if reading is None or reading.stance_cue is None:
        return True
    return cue is not None and cue.lemma_.lower() in getattr(cues(), reading.stance_cue)


def _inner_cue(trigger: Token, tgt: Span, etype: str) -> tuple[str, Token] | None:
    """The cue between the pair's predicate and the verb that governs the target below it:
    "Jordan had no intention of expelling the ambassador", "Rwanda rejected allegations
    that it supports the rebels" link the pair at "had", "rejected", but the act is the
    lower verb's, and it is negated on the way up. When the predicate is the cue and the
    model reads the pair as what the predicate itself means (a REJECT at "rejected"), that
    act happened."""
    path = []
    for tok in tgt.root.ancestors:
        if tok.i == trigger.i:
            break
        path.append(tok)
    else:
        return None
    inner = next((t for t in path if t.pos_ in ("VERB", "NOUN")), None)  # "postponed his trip to"
    if inner is None:
        return None
    fact, cue = factuality_cue(inner)
    on_path = {t.i for t in path} | {trigger.i}
    if fact == "realized" or cue is None or not (cue.i in on_path or cue.head.i in on_path):
        return None
    lex, lemma = lexicon(), trigger.lemma_.lower()
    if cue.i == trigger.i and (etype in refusal_types() or etype in {
        e.event_type for e in lex.verbs.get(lemma, []) + lex.phrases.get(lemma, [])
    }):
        # "failed to turn up for talks" read as a REJECT, "cancelled talks" as a SANCTION
        # ("cancel deal"): the refusal, the cancellation happened
        return None
    return fact, cue


def _event(
    sentence: Span, trigger: Token, src: Span | None, tgt: Span, probs: dict[str, float],
    p_ev: float,
) -> CodedEvent:
    """The event the model reads for a scored pair (typed by its likeliest type)."""
    from eventwatch.coding import model
    from eventwatch.coding.calibration import calibration

    onto = ontology()
    types = model.event_probs(probs)
    etype = max(types, key=types.__getitem__)
    fact, cue = factuality_cue(trigger)
    if fact == "realized":
        fact, cue = _inner_cue(trigger, tgt, etype) or (fact, cue)
    mode = None
    cameo = onto.types[etype].default_cameo
    # a doerless target of a withheld permission ("X was not granted permission to leave")
    # is refused it by whoever withholds it: the reading holds without a named source
    withheld = src is None and fact == "negated" and withheld_permission(trigger, cue) is not None
    reading = dyad_reading(etype, fact) if (src is not None and _voiced(etype, fact, cue)) or withheld else None
    if reading is not None:
        # "was not granted permission", "will strike": the dyad's act is the refusal
        # or the threat itself, and that happened (as coder.stance_event reads it)
        etype, mode, cameo = reading
        fact = "realized"
    conf = calibration().event_confidence(None, None, types.get(etype, 0.0), True, p_ev)
    return CodedEvent(
        trigger=trigger, event_type=etype, sentence=sentence,
        source=[src] if src is not None else [], target=[tgt], factuality=fact, mode=mode,
        cameo=cameo, quad_class=onto.quad_class(etype), goldstein=onto.goldstein(cameo),
        confidence=conf,
        extra={"learned": True, "p_event": p_ev, "model": True,
               "p_type": types.get(etype, 0.0), "agree": True},
    )


def _held(events: list[CodedEvent], x: Span) -> bool:
    """Whether an event already holds mention `x` on either side."""
    return any(s.start < x.end and x.start < s.end for ev in events for s in ev.source + ev.target)


def learned_events(
    sentence: Span, known: list[CodedEvent], actor_of: gate.ActorOf | None
) -> list[CodedEvent]:
    """Events between mention pairs of `sentence` (and doerless targets) that the lexicon's
    `known` events miss."""
    from eventwatch.coding import model

    heads = _heads(sentence)
    if len(heads) < 2 and not any(_patient(h) for h in heads):
        return []  # no pair, and no doerless target either
    found = mentions(sentence, actor_of, heads)
    if not found or len(found) > MAX_MENTIONS:
        return []
    out: list[CodedEvent] = []
    level = {m.start: gate.political_level(m, actor_of) for m in found}
    taken = {ev.trigger.i for ev in known}
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if max(level[a.start], level[b.start]) < 2:
                continue  # no placed political actor in the pair
            if _linked(known, a, b):
                continue
            pred = _predicate(a, b)
            if pred is None or pred.i in taken or _between(a, b) & taken:
                continue  # an event already reads a predicate between them (one per predicate)
            if pred.lemma_ == "be" or any(
                m.root.dep_ == "poss" and m.root.head.i == pred.i for m in (a, b)
            ):
                # "Tunisia was one of the first countries": a copula says who is who, no act;
                # "Canada's stand against the killing of civilians": the owner of a noun is
                # not the doer of what the noun's phrase names
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
            if best is None:
                continue
            p_ev, src, tgt, probs = best
            if p_ev < gate.event_threshold("learned", level[src.start]):
                continue
            trigger = _predicate(src, tgt)
            if trigger is None:
                continue
            taken.add(trigger.i)
            out.append(_event(sentence, trigger, src, tgt, probs, p_ev))
    if not gate.knows_target_only():
        return out
    done = known + out
    for m in found:
        if level[m.start] == 0 or not _patient(m.root) or _held(done, m):
            continue
        if not gate._victim(m, actor_of, True):
            continue  # as for the lexicon's doerless acts: "a man was arrested" is no event
        verb = m.root.head if m.root.dep_ != "ROOT" else next(
            (c for c in m.root.children if c.dep_ == "acl"), None)
        if verb is None or verb.i in taken:
            continue
        probs = model.score_types(sentence, None, None, m, with_none=True)
        if not probs or model.NONE not in probs:
            continue
        p_ev = 1.0 - probs[model.NONE]
        if p_ev < gate.event_threshold("target_only", level[m.start]):
            continue
        taken.add(verb.i)
        out.append(_event(sentence, verb, None, m, probs, p_ev))
    return out


def _governs(pred: Token, tok: Token) -> bool:
    """Whether `tok` hangs (directly or through phrases) from `pred`."""
    return any(a.i == pred.i for a in tok.ancestors)


def complete_target(cand: Candidate, actor_of: gate.ActorOf | None, level: int) -> Span | None:
    """The target of a kept lexicon candidate that has a source and no target: among the
    political mentions of its sentence that its predicate governs (not the source, the
    reporter or the object it already holds), the one whose pair with the source the type
    model likeliest reads as an event, when P(event) reaches the gate's fitted threshold for
    completed targets (kind `complete`) at the source's political `level`. None when none
    does; `cand` is set."""
    from eventwatch.coding import model

    if not cand.source or cand.target:
        return None
    pred = cand.verb if cand.verb is not None else cand.trigger
    src = cand.source[0]
    taken = [*cand.source, *(x for x in (cand.reporter, cand.object) if x is not None)]
    heads = [h for h in _heads(cand.sentence) if _governs(pred, h)]
    best: tuple[float, Span] | None = None
    for m in mentions(cand.sentence, actor_of, heads):
        if any(s.start < m.end and m.start < s.end for s in taken) or _where_source_is(src, m):
            continue
        if gate.political_level(m, actor_of) == 0 and m.root.ent_type_ not in ("GPE", "LOC"):
            continue  # a target is an actor or a place, not any noun the predicate governs
        probs = model.score_types(cand.sentence, cand.trigger, src, m, with_none=True)
        if not probs or model.NONE not in probs:
            continue
        p_ev = 1.0 - probs[model.NONE]
        if best is None or p_ev > best[0]:
            best = (p_ev, m)
    if best is None or best[0] < gate.event_threshold("complete", level):
        return None
    cand.target = [best[1]]
    return best[1]


def _where_source_is(src: Span, m: Span) -> bool:
    """Whether mention `m` hangs on the source's own head through `in`, `at` or `from`
    ("transport workers in Lagos", "workers at the Hyundai plant in Ulsan"): it says where
    the source is, not whom it acted on ("protesters against the government" still may)."""
    tok, path = m.root, []
    for _ in range(8):
        if tok.i == src.root.i:
            return any(t.dep_ == "prep" and t.lower_ in ("in", "at", "from") for t in path)
        if tok.head.i == tok.i:
            return False
        path.append(tok)
        tok = tok.head
    return False
