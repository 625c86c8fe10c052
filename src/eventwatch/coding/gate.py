"""Which candidate events are events: political actors, the learned NONE gate, one per predicate.

The lexicon proposes candidates from trigger words; most of its false alarms on news without
politics ("It broke our hearts" -> REJECT, a football club that "traveled to Japan" ->
CONSULT) come from two things this module checks:

- **Political actors.** A source must be a political actor: a resolved actor (known entity,
  or a pronoun the resolver tied to one), a named person, group, organisation or place, or an
  agent noun ("police", "the ministry"; `actor_nouns` in cues.yaml). A bare pronoun the
  resolver cannot tie to anyone and a thing ("our hearts", "the bus") are not. A target that
  is not an actor is moved to the event's object (an attack on a bus has no target actor);
  the event stays only when its type can be one-sided.
- **The NONE gate.** The type model (coding/model.py) learned NONE from the training rows'
  hard negatives (actor pairs in the same sentence that form no event, reversed directions)
  and non-political sentences. A candidate whose pair the model gives P(NONE) > 1/2 is
  dropped; the others carry `p_event` = 1 - P(NONE).
- **One event per predicate**, and never the same actor on both sides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from eventwatch.coding.cues import cues
from eventwatch.coding.ontology import ontology

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from eventwatch.coding.candidates import Candidate
    from eventwatch.coding.event import CodedEvent
    from eventwatch.records import Actor

ActorOf = Callable[["Span"], "Actor | None"]

NONE_THRESHOLD = 0.5  # drop a candidate when the model finds NONE likelier than an event
SURE_NONE_THRESHOLD = 0.8  # ... or, for a sure lexicon reading, when it is sure of NONE
_NAMED = {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"}
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


# agent nouns (cues.yaml `actor_nouns`) that name people or bodies outside politics: as the
# doer of an event they need a resolved actor behind them ("the company" alone is no actor)
_PRIVATE_NOUNS = {
    "man", "men", "woman", "women", "child", "children", "individual", "athlete", "athletes",
    "team", "squad", "crew", "company", "companies", "firm", "firms", "bank", "banks",
    "investor", "investors", "lender", "lenders", "trader", "traders", "doctor", "doctors",
    "nurse", "nurses", "teacher", "teachers", "scientist", "scientists", "expert", "experts",
    "pilot", "pilots", "employee", "employees", "staff", "personnel", "member", "members",
    "people", "head", "chief", "speaker", "chairman", "chairwoman", "lecturer", "lecturers",
    "university", "institute", "service", "services", "office", "department", "board", "panel",
    "unit", "units", "division", "television", "newspaper", "broadcaster", "media", "medium",
    "press", "reporter", "journalist", "journalists", "miner", "miners", "student", "students",
    "resident", "residents", "villager", "villagers", "citizen", "citizens", "voter", "voters",
    "supporter", "supporters", "representative", "representatives", "capital", "city", "town",
    "village", "province", "region", "organization", "organisation", "donor", "donors",
}
# places a forceful or cooperative act can be aimed at ("shelled the area", "a base")
_PLACE_NOUNS = {"city", "town", "village", "area", "zone", "district", "region", "province",
                "territory", "base", "airport", "port", "border", "enclave", "headquarters",
                "station", "camp", "compound", "embassy", "consulate", "capital", "countryside",
                "island", "outpost", "position", "stronghold", "neighbourhood", "neighborhood"}
_WHEN = {"DATE", "TIME"}  # a month or a day is never an actor ("in May" is no Theresa May)
WEAK_EVENT_THRESHOLD = 0.9  # P(event) a source named but unknown to the resolver needs


def _resolved(span: Span, actor_of: ActorOf | None) -> Actor | None:
    if actor_of is None:
        return None
    try:
        return actor_of(span)
    except Exception:  # noqa: BLE001 - a resolver bug must not stop coding
        return None


# sectors (data/actors/sectors.yaml) of private life: business, schools, health, farming,
# and the public at large; their actors need the model's word or a political partner
_PRIVATE_SECTORS = {"BUS", "EDU", "HLH", "AGR", "CVL"}


def _known(actor: Actor) -> bool:
    """A resolved actor the knowledge base or the text places in public life: a country, or
    an entry, a country, a public sector or a role ("the Kenyan interior minister"), not a
    bare name or a company."""
    if actor.kind == "country":
        return True
    if actor.sector in _PRIVATE_SECTORS or set(actor.sectors or ()) & _PRIVATE_SECTORS:
        return False
    return bool(actor.kb_id or actor.country or actor.sector or actor.role)


def political_level(span: Span, actor_of: ActorOf | None) -> int:
    """How surely `span` names a political actor as the doer of an event: 2 a resolved,
    placed actor or a public agent noun; 1 a name or crowd the resolver does not place (a
    person, an organisation, "thousands of farmers": the model must be surer of the event);
    0 not an actor (an unresolved pronoun, a thing, an agent noun of private life)."""
    head = span.root
    if head.ent_type_ in _WHEN:
        return 0
    if actor_of is None:  # bare coding, no resolver to ask: any actor-like head will do
        return 2 if is_political(span, None, strict=False) and head.lower_ not in ("it", "its") else 0
    actor = _resolved(span, actor_of)
    if head.pos_ == "PRON":
        if actor is not None and _known(actor) and head.lower_ not in ("it", "its"):
            return 2
        # "it" tied to a named organisation ("Uber said ... It asked the regulator"): a name,
        # so the event needs a placed political actor on the other side
        return 1 if actor is not None and actor.kind == "organisation" else 0
    if actor is not None and _known(actor):
        return 2
    c = cues()
    low = {head.lemma_.lower(), head.lower_}
    if low & c.actor_nouns and not low & _PRIVATE_NOUNS and head.ent_type_ not in _NOT_NAMES:
        return 2
    lemmas = {t.lemma_.lower() for t in span} | {t.lower_ for t in span}
    if head.pos_ == "PROPN" and lemmas & (c.actor_nouns - _PRIVATE_NOUNS):
        return 2  # an unknown name that says what it is ("the Free Syrian Army")
    if actor is not None and actor.kind in ("person", "group", "organisation"):
        return 1
    if head.ent_type_ in ("PERSON", "ORG", "NORP") or (head.pos_ == "PROPN" and not head.ent_type_):
        return 1
    return 0


def is_political(span: Span, actor_of: ActorOf | None, strict: bool = True) -> bool:
    """Whether `span` can be an actor: for a source (`strict`) a political level above 0; a
    target may also be any named person or organisation, any agent noun or a place."""
    if strict:
        return political_level(span, actor_of) > 0
    head = span.root
    if head.ent_type_ in _WHEN:
        return False  # "in May" is a date, whoever else the name could be
    if head.pos_ == "PRON":
        if actor_of is None or political_level(span, actor_of) > 0:
            return True
        # a pronoun the resolver ties to a named person or body stands for that name, which
        # is a target by itself ("a commander who urged him to attack", him = a named man)
        actor = _resolved(span, actor_of)
        return actor is not None and actor.kind in ("person", "group", "organisation")
    if head.ent_type_ in _NOT_NAMES and _resolved(span, actor_of) is None:
        return False
    c = cues()
    low = {head.lemma_.lower(), head.lower_}
    return (
        bool(low & (c.actor_nouns | _PLACE_NOUNS))
        or _resolved(span, actor_of) is not None
        or head.ent_type_ in _NAMED
        or head.pos_ == "PROPN"
    )


def politicise(cand: Candidate, actor_of: ActorOf | None) -> int:
    """Keep only political actors in `cand`; the political level of its source (0 when it no
    longer makes an event)."""
    levels = [(political_level(s, actor_of), s) for s in cand.source]
    etype = ontology().types[cand.entry.event_type]
    if not cand.source and etype.unnamed_doer:
        # "two soldiers were killed in an ambush": no doer named; the victims must be
        # political actors themselves (soldiers, police, an official), not "a man"; and no
        # thing named as the doer ("workers hit by low oil prices")
        if _thing_agent(cand, actor_of):
            return 0
        cand.target = [t for t in cand.target if _victim(t, actor_of, etype.state_act)]
        return 2 if cand.target else 0
    if cand.source and not any(lv for lv, _ in levels) and _unnamed_attack(cand):
        # "a car bomb killed six soldiers": an attack whose doer the sentence does not name;
        # the weapon is no actor, the victims are the target
        cand.object = cand.object or cand.source[0]
        cand.source = []
        cand.target = [t for t in cand.target if is_political(t, actor_of, strict=False)]
        return 2 if cand.target else 0
    cand.source = [s for lv, s in levels if lv > 0]
    if not cand.source:
        return 0
    level = max(lv for lv, _ in levels)
    keep = [t for t in cand.target
            if "person_object" in cand.notes or is_political(t, actor_of, strict=False)]
    things = [t for t in cand.target if t not in keep]
    if things and not keep:
        owner = owner_of(things[0], actor_of)
        if owner is not None:  # "criticised Ottawa's offer": the offer's owner is the target
            keep = [owner]
    if things and cand.object is None:
        cand.object = things[0]
    cand.target = keep
    if level == 1 and not any(political_level(t, actor_of) == 2 for t in keep) and not (
        not keep and etype.collective
    ):
        return 0  # two unknown names (or one and nobody): no sign of politics in the pair
    # a type with `target: required` needs a target actor; the others stand without one
    # ("protesters marched", "gunmen attacked a bus")
    return level if keep or etype.untargeted_ok else 0


def _victim(span: Span, actor_of: ActorOf | None, state_act: bool) -> bool:
    """Whether the target of an act whose doer goes unnamed makes it political: a political
    actor (soldiers, police, an official); for an act only the state carries out (an arrest,
    a deportation) also a person named by name ("X was arrested"), not "a man"."""
    level = political_level(span, actor_of)
    if level == 2:
        return True
    return state_act and level == 1 and span.root.pos_ == "PROPN"


def owner_of(thing: Span, actor_of: ActorOf | None) -> Span | None:
    """The political actor a thing belongs to or comes from, when the sentence names one:
    its possessor ("the government's offer", "Ottawa's plan") or the agent of a passive
    participle after it ("an offer delivered by the federal government", "a plan drawn up
    by the ministry"). Criticising, rejecting or backing such a thing is aimed at its owner,
    as CAMEO codes it."""
    from eventwatch.coding.candidates import arg_span

    head = thing.root
    for ch in head.children:
        if ch.dep_ == "poss" and ch.pos_ in ("PROPN", "NOUN"):
            span = arg_span(ch, head.sent, cues())
            if political_level(span, actor_of) == 2:
                return span
    for ch in head.children:
        if ch.dep_ not in ("acl", "relcl") or ch.tag_ != "VBN":
            continue
        for agent in ch.children:
            if agent.dep_ != "agent":
                continue
            obj = next((g for g in agent.children if g.dep_ == "pobj"), None)
            if obj is not None:
                span = arg_span(obj, head.sent, cues())
                if political_level(span, actor_of) == 2:
                    return span
    return None


def _thing_agent(cand: Candidate, actor_of: ActorOf | None) -> bool:
    """Whether a passive trigger names its doer in a "by" phrase that is neither an actor nor
    a weapon: "hit by low oil prices", "struck by lightning"."""
    for agent in (c for c in cand.trigger.children if c.dep_ == "agent"):
        for obj in (c for c in agent.children if c.dep_ == "pobj"):
            if _weapon(obj):
                return False
            span = obj.doc[obj.left_edge.i : obj.right_edge.i + 1]
            return political_level(span, actor_of) == 0
    return False


def _weapon(tok: Token) -> bool:
    """Whether a word names a weapon or a blast (cues.yaml attack_words)."""
    words = cues().attack_words
    return tok.lemma_.lower() in words or tok.lower_ in words


def _unnamed_attack(cand: Candidate) -> bool:
    """Whether the doer is named by its weapon or the blast itself."""
    return ontology().types[cand.entry.event_type].unnamed_doer and all(
        _weapon(s.root) for s in cand.source
    )


def same_actor(ev: CodedEvent, actor_of: ActorOf | None) -> bool:
    """Whether the event's source and target name the same actor."""
    if not ev.source or not ev.target:
        return False
    src, tgt = ev.source[0], ev.target[0]
    if src.text.lower() == tgt.text.lower():
        return True
    a, b = _resolved(src, actor_of), _resolved(tgt, actor_of)
    if a is None or b is None:
        return False
    if a.kb_id and a.kb_id == b.kb_id:
        return True
    return bool(a.name) and a.name == b.name and a.kind == b.kind


def event_threshold(level: int, sure: bool, event_type: str = "") -> float:
    """The P(event) a lexicon candidate needs to stay: more from an actor the resolver does
    not place (`level` 1) unless the act is collective (a protest), less when the lexicon is
    sure (a strong entry with both sides)."""
    et = ontology().types.get(event_type)
    if level < 2 and not (et is not None and et.collective):
        return WEAK_EVENT_THRESHOLD
    return 1.0 - (SURE_NONE_THRESHOLD if sure else NONE_THRESHOLD)


def pair_probs(cand: Candidate) -> dict[str, float] | None:
    """The type model's 17 probabilities (NONE included) for the candidate's pair, or None
    without a model that knows NONE or a readable pair."""
    from eventwatch.coding import model

    if not cand.source:
        return None  # the model learned pairs with a named doer (or a one-sided doer) only
    if "under" in cand.notes:
        return None  # nor "X came under attack from Y" (the target before the doer): no rows yet
    src = cand.source[0]
    tgt = cand.target[0] if cand.target else None
    try:
        probs = model.score_types(cand.sentence, cand.trigger, src, tgt, with_none=True)
    except Exception:  # noqa: BLE001 - a model failure must not lose the lexicon's event
        return None
    if not probs or model.NONE not in probs:
        return None
    return probs


def p_event(cand: Candidate) -> float | None:
    """1 - P(NONE) of the candidate's pair (None without a model that knows NONE)."""
    from eventwatch.coding import model

    probs = pair_probs(cand)
    return None if probs is None else 1.0 - probs[model.NONE]


def one_per_predicate(events: list[CodedEvent]) -> list[CodedEvent]:
    """The most confident event of each (trigger, stance) in text order; a stance event
    ("refused to meet" -> REJECT) stays beside the event it reads."""
    best: dict[tuple[int, bool], CodedEvent] = {}
    for ev in events:
        key = (ev.trigger.i, "stance_on" in ev.extra)
        cur = best.get(key)
        if cur is None or ev.confidence > cur.confidence:
            best[key] = ev
    keep = {id(ev) for ev in best.values()}
    return [ev for ev in events if id(ev) in keep]
