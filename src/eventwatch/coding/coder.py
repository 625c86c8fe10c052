"""The event coder: candidates -> typed, dated-later CodedEvents; and pair coding.

`code_doc` runs the candidate finder over every sentence, types each candidate from its
lexicon entry (refined by contexts), reads its factuality and reporter, and attaches CAMEO
code, quad class and Goldstein value. The confidence is a calibrated probability that the
type is right (coding/calibration.py): a logistic map, fitted on held-out sentences of our
own, over the lexicon entry's strength and, when the statistical model (coding/model.py) was
asked, its probability of the chosen type and whether it agrees. A two-sided realized event
takes its type as `code_pair` would (`choose_type`: the pair readings, then the learned
arbiter), so both paths choose a pair's type through one function.

`code_pair` parses one sentence, finds the marked source and target, and codes the predicate
that links them with the same machinery; the learned arbiter (coding/arbiter.py) then chooses
the pair's type among its readings (lexicon, other entries of the trigger, the model's top
types) and gives its calibrated confidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from eventwatch import headlines
from eventwatch.coding import gate
from eventwatch.coding.arbiter import PairEvidence, arbiter
from eventwatch.coding.calibration import calibration
from eventwatch.coding.candidates import (
    Candidate,
    arg_span,
    candidates,
    match_noun,
    match_verb,
    reporter_of,
    segments,
)
from eventwatch.coding.contexts import contexts_for, refine
from eventwatch.coding.cues import cues
from eventwatch.coding.denials import denial_stance
from eventwatch.coding.event import CodedEvent
from eventwatch.coding.factuality import factuality_cue, withheld_permission
from eventwatch.coding.learned import complete_target, learned_events
from eventwatch.coding.lexicon import lexicon
from eventwatch.coding.model import NONE, event_probs
from eventwatch.coding.obligations import demand_events
from eventwatch.coding.ontology import ontology
from eventwatch.coding.pair_encoder import pair_probs
from eventwatch.coding.pair_evidence import lexicon_strength, pair_evidence, retype
from eventwatch.coding.readings import (
    dyad_reading,
    permission_stance,
    read_as_dyad,
    refusal_types,
    unrealized_reading,
)
from eventwatch.coding.triggers import phrasal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventwatch.records import Actor


@lru_cache(maxsize=1)
def _model() -> Callable[..., dict[str, float] | None] | None:
    try:
        from eventwatch.coding import model as _m
    except Exception:  # noqa: BLE001 - the model is optional
        return None
    score = getattr(_m, "score_types", None)
    avail = getattr(_m, "is_available", None)
    if score is None:
        return None
    try:
        if avail is not None and not avail():
            return None
    except Exception:  # noqa: BLE001
        return None
    return score


def _model_probs(sentence: Span, trigger: Token, source: Span | None, target: Span | None) -> dict[str, float] | None:
    score = _model()
    if score is None:
        return None
    try:
        return score(sentence, trigger, source, target)
    except Exception:  # noqa: BLE001 - a model failure must not lose the lexicon's event
        return None


def _confidence(lexicon: float | None, probs: dict[str, float] | None, etype: str,
                kind: str | None = None) -> float:
    """The calibrated probability that `etype` is right, given the lexicon strength (None when
    the lexicon did not choose it), its entry's kind and the model's probabilities (None when
    not asked)."""
    if not probs:
        return calibration().confidence(lexicon, None, kind=kind)
    p = float(probs.get(etype, 0.0))
    agree = max(probs, key=probs.__getitem__) == etype
    return calibration().confidence(lexicon, p, agree, kind)


def _uncertain(cand: Candidate) -> bool:
    """Whether the lexicon alone is unsure enough to ask the model: a missing side or a
    low-weight entry. A trigger with both arguments costs no model call, so coding stays a
    small fraction of parsing (pair coding always asks)."""
    return not cand.source or not cand.target or cand.entry.weight < 0.8


def to_event(cand: Candidate, use_model: bool = True) -> CodedEvent:
    """Type, mode, contexts, CAMEO, quad class, Goldstein and factuality of one candidate."""
    return _to_event(cand, use_model)[0]


def _to_event(cand: Candidate, use_model: bool = True) -> tuple[CodedEvent, dict[str, float] | None]:
    """The event and the model's probabilities when it was asked."""
    onto = ontology()
    entry = cand.entry
    ctx = contexts_for(entry, cand.trigger, cand.object)
    mode, cameo = refine(entry, ctx)
    etype = entry.event_type
    # the type's re-readings (plover.yaml `readings`): "captured three cities" is taking
    # ground (192); troops sent to keep the peace are aid (074), pulling them out reduces it
    for rr in onto.types[etype].readings:
        if (not rr.modes or mode in rr.modes) and _CONDITIONS[rr.when](cand):
            etype, mode, cameo = rr.reading.type, rr.reading.mode, rr.reading.cameo
            break
    fact, cue = factuality_cue(cand.trigger, cand.verb if cand.verb is not cand.trigger else None)
    strength = lexicon_strength(cand)
    probs = None
    if use_model and _uncertain(cand):
        probs = _model_probs(cand.sentence, cand.trigger, cand.source[0] if cand.source else None,
                             cand.target[0] if cand.target else None)
    ev = CodedEvent(
        trigger=cand.trigger,
        event_type=etype,
        sentence=cand.sentence,
        source=list(cand.source),
        target=list(cand.target),
        object=cand.object,
        reporter=cand.reporter,
        factuality=fact,
        mode=mode,
        contexts=ctx,
        cameo=cameo,
        quad_class=onto.quad_class(etype),
        goldstein=onto.goldstein(cameo),
        confidence=_confidence(strength, probs, etype, entry.kind),
        extra={"entry": entry.text, "kind": entry.kind, "verb": cand.verb.text if cand.verb is not None else None,
               "model": probs is not None, "strength": strength, "cue": cue.text if cue is not None else None,
               "cue_lemma": cue.lemma_.lower() if cue is not None else None, "cue_token": cue},
    )
    return ev, probs


def _is_territory(cand: Candidate) -> bool:
    """The object is ground: a place entity or a territory noun (cues.yaml territory_words)."""
    words = cues().territory_words
    # the target it was done to, not a place it was done in ("arrested three teenagers in
    # Bilbao" takes no ground: the deep target "Bilbao" hangs from a preposition)
    heads = [s.root for s in cand.target if s.root.dep_ not in ("pobj", "dative")]
    heads += [cand.object.root] if cand.object is not None else []
    dobj = next((c for c in cand.trigger.children if c.dep_ == "dobj"), None)
    if dobj is not None:
        heads.append(dobj)
    return any(h.ent_type_ in ("GPE", "LOC", "FAC") or h.lemma_.lower() in words for h in heads)


def _peacekeeping(cand: Candidate) -> bool:
    """The sentence is about peacekeepers ("withdrew its peacekeepers")."""
    if "peacekeep" not in cand.sentence.text.lower():
        return False
    return any(t.lemma_.lower().startswith("peacekeep") or t.lower_.startswith("peacekeep")
               for t in cand.sentence)


def _peacekeeper_source(cand: Candidate) -> bool:
    """The doer is peacekeepers ("peacekeepers arrive in Monrovia": a deployment)."""
    return any(s.root.lemma_.lower().startswith("peacekeep") for s in cand.source)


# the checks a type's `readings` name in plover.yaml (ontology.CONDITIONS)
_CONDITIONS: dict[str, Callable[[Candidate], bool]] = {
    "territory": _is_territory,
    "peacekeeper_source": _peacekeeper_source,
    "peacekeeping": _peacekeeping,
}


def code_doc(doc: Doc, actor_of: Callable[[Span], Actor | None] | None = None,
             learn: bool = True) -> list[CodedEvent]:
    """Every event in `doc`, in text order: the lexicon's candidates that pass the gate
    (coding/gate.py), the reported demands no lexicon trigger reads (coding/obligations.py),
    then, with `learn`, the actor pairs the type model reads as events that
    no lexicon event links (coding/learned.py). Headlines are re-parsed first
    (`eventwatch.headlines`)."""
    headlines.reparse(doc)
    test = None
    if actor_of is not None:
        def test(span: Span) -> bool:
            try:
                return actor_of(span) is not None
            except Exception:  # noqa: BLE001 - a resolver bug must not stop coding
                return False
    events: list[CodedEvent] = []
    seen: set[tuple] = set()
    # (cue word, type, pair) of each negated event: "The army denied firing on
    # protesters" is a negated ASSAULT; an ASSAULT read at "denied" itself on the same pair
    # (the arbiter's reading of the denial verb) echoes it as realized and is dropped
    echoes: set[tuple] = set()
    for sent in segments(doc):
        in_sentence = len(events)
        for cand in candidates(sent, actor_test=test):
            key = (cand.trigger.i, cand.entry.event_type,
                   tuple(s.start for s in cand.source), tuple(s.start for s in cand.target))
            if key in seen:
                continue
            seen.add(key)
            level = gate.politicise(cand, actor_of)
            if not level:
                continue
            probs = gate.pair_probs(cand)
            p_event = None if probs is None else 1.0 - probs[NONE]
            # a collective act (a protest) has a crowd as its doer: an unplaced one is no
            # weaker sign of politics there, so it is judged as a placed actor's
            collective = ontology().types[cand.entry.event_type].collective
            need = gate.event_threshold(gate.candidate_kind(cand), 2 if collective else level)
            if p_event is not None and p_event < need:
                continue  # the model reads this pair as no event
            if learn and gate.owned_by_source(cand, actor_of):
                cand.target = []  # "recalled its ambassador to Canberra": aimed elsewhere
            if learn and cand.source and not cand.target:
                complete_target(cand, actor_of, level)  # the model names whom it was aimed at
            ev = to_event(cand)
            if gate.same_actor(ev, actor_of):
                continue
            ev.extra["p_event"] = p_event
            if probs is not None and ev.source and ev.target:
                _arbitrate(cand, ev, event_probs(probs))
            if probs is not None:
                types = event_probs(probs)
                if ev.extra.pop("refused_reading", False):
                    types = read_as_dyad(types, "negated")  # the model's "visit" is the refused visit
                ev.confidence = _event_confidence(ev, types, p_event)
            events.append(ev)
            extra = stance_event(ev)
            cue = ev.extra.pop("cue_token", None)  # keep `extra` plain data (text, not spaCy tokens)
            if cue is not None and ev.factuality == "negated":
                echoes.add((cue.i, ev.event_type, gate.pair_key(ev)))
            if extra is not None and probs is not None and extra.source == ev.source:
                extra.confidence = _stance_confidence(ev, extra, event_probs(probs), p_event)
            if extra is not None:
                extra.extra.pop("cue_token", None)
                events.append(extra)
        events.extend(demand_events(sent, events[in_sentence:], actor_of))
        if learn:
            events.extend(learned_events(sent, events[in_sentence:], actor_of))
    events = [ev for ev in events if (ev.trigger.i, ev.event_type, gate.pair_key(ev)) not in echoes]
    return gate.one_per_predicate(events)


def _arbitrate(cand: Candidate, ev: CodedEvent, types: dict[str, float]) -> None:
    """Type a two-sided lexicon event as `code_pair` types the same pair: the type's pair
    readings, then the arbiter's choice (`choose_type`, the one function both paths share).
    An unrealized event keeps its own type: its dyad reading ("will meet" -> AGREE) is the
    stance event beside it, and a possible or hypothetical act ("the possibility of closer
    military ties") is no pair the arbiter was fitted on. A type the lexicon did not give leaves the lexicon out of the
    event's confidence."""
    if ev.factuality != "realized" or dyad_reading(ev.event_type, ev.factuality) is not None:
        return
    own = ev.event_type
    before = (ev.event_type, ev.mode, ev.cameo, ev.quad_class, ev.goldstein)
    rule = _pair_readings(ev, cand)
    if dyad_reading(ev.event_type, ev.factuality) is not None:
        ev.event_type, ev.mode, ev.cameo, ev.quad_class, ev.goldstein = before
        return
    evidence, _ = choose_type(cand, ev, own, types, rule=rule)
    verb = cand.verb or cand.trigger
    if own in refusal_types() and ev.event_type != own and (
        verb.lemma_.lower() in cues().negating_verbs or phrasal(verb) in cues().negating_verbs
    ):
        # "postponed his visit", "denied firing on protesters": the arbiter read the pair as
        # the act that was put off or denied, which did not happen; the refusal did
        ev.event_type, ev.mode, ev.cameo, ev.quad_class, ev.goldstein = before
        ev.extra["refused_reading"] = True
        return
    if ev.event_type != evidence.lexicon_type:
        ev.extra["strength"] = None
        ev.extra["kind"] = None
    if ev.event_type != own:
        ev.extra["arbiter_from"] = own


def _event_confidence(ev: CodedEvent, types: dict[str, float], p_event: float | None) -> float:
    """The calibrated probability that a lexicon event is right (calibration's `event` map)."""
    top = max(types, key=types.__getitem__)
    ev.extra["p_type"] = types.get(ev.event_type, 0.0)
    ev.extra["agree"] = top == ev.event_type
    return calibration().event_confidence(
        ev.extra.get("strength"), ev.extra.get("kind"), ev.extra["p_type"], ev.extra["agree"],
        p_event,
    )


def _stance_confidence(ev: CodedEvent, stance: CodedEvent, types: dict[str, float],
                       p_event: float | None) -> float:
    """A stance event's own calibrated confidence: the model's probability of its reading is
    that of every type read the same way ("will release" or "will withdraw": AGREE), so the
    stance can be surer than the event type it reads. Never below the event's own confidence
    + 0.02, so that it still wins the dyad."""
    read = read_as_dyad(types, ev.factuality)
    top = max(read, key=read.__getitem__)
    stance.extra["p_type"] = read.get(stance.event_type, 0.0)
    stance.extra["agree"] = top == stance.event_type
    own = calibration().event_confidence(
        ev.extra.get("strength"), ev.extra.get("kind"), stance.extra["p_type"],
        stance.extra["agree"], p_event,
    )
    return min(1.0, max(own, ev.confidence + 0.02))


def stance_event(ev: CodedEvent) -> CodedEvent | None:
    """The source's stance on an event it did not (yet) carry out, as an event of its own:
    "will release the prisoners" is also an AGREE, "refused to meet" a REJECT, "vowed to
    strike" a THREATEN. Realized, on the same arguments, a shade more confident (it is what
    the sentence asserts)."""
    lemma = ev.extra.get("cue_lemma")
    onto = ontology()
    c = cues()
    if lemma in c.obligation_words and ev.reporter is not None and ev.source:
        # "Russia says Israel must end its attacks": the speaker demands it of the doer
        ob = onto.obligation
        assert ob is not None
        return CodedEvent(
            trigger=ev.trigger, event_type=ob.type, sentence=ev.sentence, source=[ev.reporter],
            target=list(ev.source), object=ev.object, reporter=None, factuality="realized",
            mode=ob.mode, contexts=list(ev.contexts), cameo=ob.cameo,
            quad_class=onto.quad_class(ob.type), goldstein=onto.goldstein(ob.cameo),
            confidence=ev.confidence, extra={**ev.extra, "stance_on": ev.event_type},
        )
    withheld = withheld_permission(ev.trigger, ev.extra.get("cue_token"))
    if withheld is not None and ev.factuality == "negated":
        return permission_stance(ev, withheld)  # "X was not allowed to leave": refused to X
    denial = denial_stance(ev)
    if denial is not None:
        return denial  # "Moscow denied that its jets struck Y": Moscow's REJECT, aimed at Y
    if lemma is None or not ev.source or not ev.target:
        return None
    reading = unrealized_reading(ev.event_type, ev.factuality)
    if reading is None:
        return None
    if reading.stance_cue is not None and lemma not in getattr(c, reading.stance_cue):
        return None  # "is scheduled to meet" is no promise, "may strike" no threat
    if lemma == "would" and not _says_it_of_itself(ev):
        return None  # "analysts said Russia would attack": a forecast, not Russia's threat
    etype, mode, cameo = reading.type, reading.mode, reading.cameo
    cue = ev.extra.get("cue_token")
    trigger = cue if cue is not None and cue.pos_ == "VERB" else ev.trigger
    return CodedEvent(
        trigger=trigger, event_type=etype, sentence=ev.sentence, source=list(ev.source),
        target=list(ev.target), object=ev.object, reporter=ev.reporter, factuality="realized",
        mode=mode, contexts=list(ev.contexts), cameo=cameo, quad_class=onto.quad_class(etype),
        goldstein=onto.goldstein(cameo), confidence=min(1.0, ev.confidence + 0.02),
        extra={**ev.extra, "stance_on": ev.event_type, "stance_verb": trigger is not ev.trigger},
    )


def _says_it_of_itself(ev: CodedEvent) -> bool:
    """Whether a backshifted "would" reports the doer's own word: no reporter, or the
    reporter is the source ("Japan said it would send aid": the pronoun is Japan)."""
    rep = ev.reporter
    if rep is None:
        return True
    src = ev.source[0]
    return rep.start == src.start or rep.text.lower() == src.text.lower()


# --------------------------------------------------------------------------- pair coding

def _find(doc: Doc, text: str, part: str, avoid: Span | None = None) -> Span | None:
    start = text.find(part) if part else -1
    while start >= 0:
        span = doc.char_span(start, start + len(part), alignment_mode="expand")
        if span is not None and (avoid is None or span.end <= avoid.start or span.start >= avoid.end):
            return span
        start = text.find(part, start + 1)
    if part and part.lower() != part:
        return _find(doc, text.lower(), part.lower(), avoid) if text.lower() != text else None
    return None


def _overlap(spans: list[Span], other: Span | None) -> bool:
    return other is not None and any(s.start < other.end and other.start < s.end for s in spans)


def _path(a: Token, b: Token) -> list[Token]:
    """Tokens on the dependency path from a to b, lowest common ancestor included."""
    up_a = [a, *a.ancestors]
    ids_b = {t.i: k for k, t in enumerate([b, *b.ancestors])}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            ups_b = [b, *b.ancestors][: ids_b[t.i]]
            return up_a[: k + 1] + ups_b
    return up_a + [b, *b.ancestors]


def _pick(cands: list[Candidate], src: Span | None, tgt: Span | None) -> tuple[Candidate | None, bool]:
    """The candidate coding the pair, and whether its direction is reversed."""
    if not cands:
        return None, False
    path_ids: dict[int, int] = {}
    if src is not None and tgt is not None:
        for depth, t in enumerate(_path(src.root, tgt.root)):
            path_ids.setdefault(t.i, depth)
    anchor = src.root.i if src is not None else (tgt.root.i if tgt is not None else 0)

    def score(c: Candidate) -> tuple:
        fwd = _overlap(c.source, src) + _overlap(c.target, tgt)
        rev = _overlap(c.source, tgt) + _overlap(c.target, src)
        ids = {c.trigger.i} | ({c.verb.i} if c.verb is not None else set())
        on_path = any(i in path_ids for i in ids)
        both = max(fwd, rev) == 2
        height = -min((len(c.trigger.doc) if i not in path_ids else _height(c.trigger.doc[i])) for i in ids)
        inside = any((src is not None and src.start <= i < src.end) or (tgt is not None and tgt.start <= i < tgt.end) for i in ids)
        return (both, on_path and not inside, max(fwd, rev), height if on_path else 0,
                -abs(c.trigger.i - anchor))

    best = max(cands, key=score)
    fwd = _overlap(best.source, src) + _overlap(best.target, tgt)
    rev = _overlap(best.source, tgt) + _overlap(best.target, src)
    return best, rev > fwd


def _asks_for_punishment(cand: Candidate) -> bool:
    """Whether a request's content is a punitive act ("sanctions", "an investigation")."""
    lex, types = lexicon(), ontology().types
    for ch in cand.trigger.children:
        content = ch if ch.dep_ == "dobj" else None
        if ch.dep_ == "prep" and ch.lower_ == "for":
            content = next((g for g in ch.children if g.dep_ == "pobj"), None)
        if content is not None:
            hit = match_noun(content, lex)
            if hit is not None and types[hit[0].event_type].punitive:
                return True
    return False


# the checks a type's `pair_readings` name in plover.yaml (ontology.PAIR_CONDITIONS)
_PAIR_CONDITIONS: dict[str, Callable[[Candidate], bool]] = {
    "punitive_content": _asks_for_punishment,
}


def _purpose_entry(cand: Candidate):
    """The lexicon entry of the purpose clause of a dispatch verb, if it names an act that is
    not itself a sending (a visit, aid, a deployment)."""
    if cand.verb is None or cand.verb.lemma_.lower() not in cues().dispatch_verbs:
        return None
    types = ontology().types
    for ch in cand.verb.children:
        if ch.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" and a.dep_ == "aux" for a in ch.children):
            hit = match_verb(ch, lexicon())
            if hit is not None and not types[hit[0].event_type].sending:
                return hit[0]
    return None


def _height(tok: Token) -> int:
    return -sum(1 for _ in tok.ancestors)


def _path_candidates(doc: Doc, src: Span | None, tgt: Span | None) -> list[Candidate]:
    """Bare lexicon matches on the path between the pair (arguments filled from the pair)."""
    if src is None or tgt is None:
        return []
    lex = lexicon()
    out = []
    sent = src.root.sent
    for t in _path(src.root, tgt.root):
        if src.start <= t.i < src.end or tgt.start <= t.i < tgt.end:
            continue
        hit = match_verb(t, lex) if t.tag_.startswith("VB") else match_noun(t, lex)
        if t.tag_.startswith("VB") and t.lemma_.lower() in cues().light_verbs and (
            hit is None or hit[0].kind != "phrase"
        ):
            noun = next((ch for ch in t.children if ch.dep_ == "dobj"), None)
            nhit = match_noun(noun, lex) if noun is not None else None
            if nhit is not None:  # "launched a mediation effort": the noun carries the event
                hit = nhit
        if hit is None and not t.tag_.startswith("VB"):
            continue
        if hit is not None:
            cand = Candidate(trigger=t, entry=hit[0], sentence=sent, verb=t if t.tag_.startswith("VB") else None,
                             source=[src], target=[tgt], consumed=hit[1] | {t.i})
            out.append(cand)
    return out


@dataclass
class ConfidenceInputs:
    """What the confidence of a pair was computed from (for fitting the calibration map)."""

    event_type: str
    lexicon: float | None  # the lexicon's strength when it chose the type, else None
    probs: dict[str, float] | None  # the model's probabilities when it was asked
    kind: str | None = None  # the lexicon entry's kind (verb, noun, phrase)
    weight: float | None = None  # the lexicon entry's weight
    reread: bool = False  # the dyad reading or a pair rule changed the event's own type
    evidence: PairEvidence | None = None  # the arbiter's view of the pair (coding/arbiter.py)


def code_pair(sentence: str, source: str, target: str) -> dict[str, Any]:
    """Type, quad class, mode, factuality, confidence and CAMEO code of the dyad
    `source` -> `target` in `sentence` (both substrings of it). The confidence is the
    calibrated probability that the type is right."""
    return code_pair_inputs(sentence, source, target)[0]


def code_pair_inputs(sentence: str, source: str, target: str) -> tuple[dict[str, Any], ConfidenceInputs]:
    """`code_pair`'s answer and the inputs of its confidence."""
    from eventwatch import nlp

    doc = nlp.load()(sentence)
    src = _find(doc, sentence, source)
    tgt = _find(doc, sentence, target, avoid=src)
    cands: list[Candidate] = []
    for sent in segments(doc):
        cands.extend(candidates(sent, relaxed=True))
    best, reversed_ = _pick(cands, src, tgt)
    if best is not None:
        both = max(_overlap(best.source, src) + _overlap(best.target, tgt),
                   _overlap(best.source, tgt) + _overlap(best.target, src)) == 2
        if not both:
            on_path = _path_candidates(doc, src, tgt)
            if on_path:
                best, reversed_ = max(on_path, key=lambda c: _height(c.trigger)), False
    else:
        on_path = _path_candidates(doc, src, tgt)
        best = max(on_path, key=lambda c: _height(c.trigger)) if on_path else None
    onto = ontology()
    if best is None:
        return _fallback(doc, src, tgt)
    if best.reporter is None:
        rep = reporter_of(best.verb or best.trigger, cues())
        if rep is not None:
            best.reporter = arg_span(rep, best.sentence, cues())
    if src is not None and tgt is not None:
        best.source, best.target = [src], [tgt]
    purpose = _purpose_entry(best)
    if purpose is not None:
        # "sent experts to Saudi Arabia to investigate": the dispatch serves the purpose
        best.entry = purpose
    ev, probs = _to_event(best)
    own_type = ev.event_type
    ob = onto.obligation
    rule = False
    if (ob is not None and ev.extra.get("cue_lemma") in cues().obligation_words
            and ev.reporter is not None and _overlap([ev.reporter], src)):
        # "Russia says Israel must end its attacks": the speaker demands it of the target
        ev.event_type, ev.mode, ev.cameo, ev.factuality = ob.type, ob.mode, ob.cameo, "realized"
        ev.quad_class, ev.goldstein = onto.quad_class(ob.type), onto.goldstein(ob.cameo)
        rule = True
    rule = _pair_readings(ev, best) or rule
    reading = dyad_reading(ev.event_type, ev.factuality)
    if reading is not None:
        ev.event_type, ev.mode, ev.cameo = reading
        ev.quad_class, ev.goldstein = onto.quad_class(ev.event_type), onto.goldstein(ev.cameo)
    lex: float | None = lexicon_strength(best)
    evidence: PairEvidence | None = None
    if src is not None and tgt is not None:
        probs = _model_probs(best.sentence, best.trigger, src, tgt)
        if probs:
            evidence, conf = choose_type(best, ev, own_type, probs, purpose is not None, rule,
                                         encoded=partial(pair_probs, sentence, source, target))
            if conf is not None:
                ev.confidence = conf
                chose_lexicon = ev.event_type == evidence.lexicon_type
                inputs = ConfidenceInputs(ev.event_type, evidence.strength if chose_lexicon else None,
                                          evidence.probs,
                                          best.entry.kind, best.entry.weight,
                                          ev.event_type != own_type, evidence)
                return _answer(ev, own_type, reversed_), inputs
            top = max(probs, key=probs.get)
            if top != ev.event_type and probs[top] >= 0.9 and best.entry.weight < 0.8:
                ev.event_type, ev.mode = top, None
                ev.cameo = onto.types[top].default_cameo
                ev.quad_class = onto.quad_class(top)
                lex = None  # the model overruled a weak lexicon entry: its opinion alone
    if reading is not None and lex is not None and probs:
        probs = read_as_dyad(probs, ev.factuality)  # the model's opinion of the reading itself
    ev.confidence = _confidence(lex, probs, ev.event_type, best.entry.kind)
    inputs = ConfidenceInputs(ev.event_type, lex, probs, best.entry.kind, best.entry.weight,
                              ev.event_type != own_type, evidence)
    return _answer(ev, own_type, reversed_), inputs


def _pair_readings(ev: CodedEvent, cand: Candidate) -> bool:
    """Apply the type's pair readings (plover.yaml `pair_readings`, CAMEO's dyad convention) to
    `ev` in place; whether one applied."""
    onto = ontology()
    for rr in onto.types[ev.event_type].pair_readings:
        # "called for sanctions against Moscow": a reproach of the target, as PLV codes it
        if (not rr.modes or ev.mode in rr.modes) and _PAIR_CONDITIONS[rr.when](cand):
            r = rr.reading
            ev.event_type, ev.mode, ev.cameo = r.type, r.mode, r.cameo
            ev.quad_class, ev.goldstein = onto.quad_class(r.type), onto.goldstein(r.cameo)
            return True
    return False


def choose_type(cand: Candidate, ev: CodedEvent, own_type: str, probs: dict[str, float],
                purpose: bool = False, rule: bool = False,
                encoded: Callable[[], dict[str, float]] | None = None,
                ) -> tuple[PairEvidence, float | None]:
    """THE choice of a two-sided event's type, for `code_pair` and `code_doc` alike: the
    learned arbiter (coding/arbiter.py) chooses among the pair's readings (the lexicon's
    reading `ev`, already in the dyad's reading; the entry's `own_type`; the other entries of
    the trigger; the model's top types from `probs`, NONE left out) and `ev` is retyped to
    its choice. Returns the evidence and the arbiter's calibrated confidence (None, and `ev`
    unchanged, when no arbiter has been fitted). `encoded`, where the pair is marked in its
    sentence (`code_pair`), gives the fine-tuned pair encoder's probabilities for an arbiter
    that reads them; without it the arbiter fitted without the encoder chooses."""
    evidence = pair_evidence(cand, ev, own_type, probs, purpose, rule)
    arb = arbiter()
    if arb is None:
        return evidence, None
    if encoded is not None and arb.uses_encoder:
        evidence.enc_probs = encoded()
    choice, conf = arb.choose(evidence)
    if choice != ev.event_type:
        retype(ev, choice, cand)
    return evidence, conf


def _answer(ev: CodedEvent, own_type: str, reversed_: bool) -> dict[str, Any]:
    return {
        "event_type": ev.event_type,
        "quad_class": ev.quad_class,
        "mode": ev.mode,
        "factuality": ev.factuality,
        "confidence": round(ev.confidence, 3),
        "cameo": ev.cameo,
        "goldstein": ev.goldstein,
        "contexts": ev.contexts,
        "trigger": ev.trigger.text,
        "event": own_type,  # the event itself, before the dyad reading ("meet" in "refused to meet")
        "reversed": reversed_,
    }


def _p_event(sent: Span, src: Span | None, tgt: Span | None) -> float | None:
    """1 - P(NONE) of a pair from the type model, or None (no model, or one without NONE)."""
    from eventwatch.coding import model

    try:
        probs = model.score_types(sent, None, src, tgt, with_none=True)
    except Exception:  # noqa: BLE001 - a model failure must not lose the answer
        return None
    return None if not probs or NONE not in probs else 1.0 - probs[NONE]


def _fallback(doc: Doc, src: Span | None, tgt: Span | None) -> tuple[dict[str, Any], ConfidenceInputs]:
    """No lexicon trigger links the pair: ask the model, else the commonest type, unsure."""
    onto = ontology()
    sent = (src or tgt or doc[:]).root.sent if len(doc) else doc[:]
    root = sent.root
    probs = _model_probs(sent, root, src, tgt) if len(doc) else None
    etype = max(probs, key=probs.get) if probs else onto.fallback_type
    conf = _confidence(None, probs, etype)
    p_event = _p_event(sent, src, tgt) if probs else None
    if p_event is not None:
        conf *= p_event  # no trigger: the type is right only if the pair is an event at all
    from eventwatch.coding.factuality import factuality as _fact

    cameo = onto.types[etype].default_cameo
    return {
        "event_type": etype,
        "quad_class": onto.quad_class(etype),
        "mode": None,
        "factuality": _fact(root) if len(doc) else "realized",
        "confidence": round(conf, 3),
        "cameo": cameo,
        "goldstein": onto.goldstein(cameo),
        "contexts": [],
        "trigger": root.text if len(doc) else "",
        "event": None,
        "reversed": False,
    }, ConfidenceInputs(etype, None, probs)
