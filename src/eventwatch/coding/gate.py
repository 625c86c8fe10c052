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
  and non-political sentences. A candidate stays when its P(event) = 1 - P(NONE) reaches
  the threshold of its kind (a sure or unsure lexicon reading, a learned pair, a one-sided or
  target-only event) and of its actor's political level; the thresholds are fitted on
  held-out splits of our own training rows (`scripts/calibrate_event_gate.py`, written to
  `data/coding/event_gate.json`), never set by hand. Events carry `p_event`.
- **One event per predicate**, and never the same actor on both sides.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from eventwatch.coding.cues import cues
from eventwatch.coding.ontology import ontology

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from eventwatch.coding.candidates import Candidate
    from eventwatch.coding.event import CodedEvent
    from eventwatch.records import Actor

ActorOf = Callable[["Span"], "Actor | None"]

GATE_PATH = Path(__file__).resolve().parents[1] / "data" / "coding" / "event_gate.json"
# the kinds of candidate the gate tells apart (scripts/calibrate_event_gate.py fits each)
KINDS = ("sure", "unsure", "learned", "one_sided", "target_only", "complete")
_NAMED = {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"}
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
# visitors, whose phrase naming a country makes them victims of an unnamed attack (`_victim`);
# the agent nouns of private life are cues.yaml `private_nouns`
_VISITOR_NOUNS = {"tourist", "tourists", "visitor", "visitors", "traveller", "travellers",
                  "traveler", "travelers"}
# people named by age or youth alone ("a 12-year-old boy"): mentions the learned pairs weigh
# (coding/learned.py), at the level the resolver gives them (1: a person of private life),
# but no actor noun for the argument rules: "a portrait of a young girl" is a thing
PERSON_NOUNS = frozenset({
    "boy", "boys", "girl", "girls", "teenager", "teenagers", "teen", "teens", "youth",
    "youths", "schoolboy", "schoolgirl", "pensioner", "pensioners",
})
# places a forceful or cooperative act can be aimed at ("shelled the area", "a base")
_PLACE_NOUNS = {"city", "town", "village", "area", "zone", "district", "region", "province",
                "territory", "base", "airport", "port", "border", "enclave", "headquarters",
                "station", "camp", "compound", "embassy", "consulate", "capital", "countryside",
                "island", "outpost", "position", "stronghold", "neighbourhood", "neighborhood"}
_WHEN = {"DATE", "TIME"}  # a month or a day is never an actor ("in May" is no Theresa May)


class GateError(ValueError):
    """event_gate.json is missing a threshold or holds one outside [0, 1]."""


@lru_cache(maxsize=1)
def thresholds() -> dict[str, float]:
    """The fitted P(event) thresholds: "all", each kind, and "kind/placed", "kind/weak"."""
    try:
        data = json.loads(GATE_PATH.read_text(encoding="utf-8"))
        table = {str(k): float(v) for k, v in data["thresholds"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise GateError(f"{GATE_PATH}: unreadable thresholds ({exc})") from exc
    bad = [k for k, v in table.items() if not 0.0 <= v <= 1.0]
    if "all" not in table or bad:
        raise GateError(f"{GATE_PATH}: needs an 'all' threshold, all in [0, 1] (bad: {bad})")
    return table


def event_threshold(kind: str, level: int) -> float:
    """The P(event) a candidate of `kind` (KINDS) needs, its actor's political `level` being
    2 (placed) or 1 (a name or crowd the resolver does not place): its own cell's threshold,
    else its kind's, else the overall one."""
    table = thresholds()
    cell = f"{kind}/{'placed' if level >= 2 else 'weak'}"
    return table.get(cell, table.get(kind, table["all"]))


def candidate_kind(cand: Candidate) -> str:
    """Which kind of candidate the gate judges: a lexicon reading (`sure` with a strong entry,
    else `unsure`; a doerless one too: its trigger word backs it), or one with no target
    (`one_sided`). `learned` and `target_only` are the kinds of coding/learned.py, as is
    `complete` (the target a kept one-sided event takes, `learned.complete_target`)."""
    if cand.source and not cand.target:
        return "one_sided"
    return "sure" if cand.entry.weight >= 0.8 else "unsure"


def _marker(span: Span) -> Actor:
    from eventwatch.records import Actor as _Actor

    return _Actor(text=span.text)


def _resolved(span: Span, actor_of: ActorOf | None) -> Actor | None:
    if actor_of is None:
        return None
    try:
        actor = actor_of(span)
    except Exception:  # noqa: BLE001 - a resolver bug must not stop coding
        return None
    # a caller's resolver may answer with a bare marker ("this span is an actor", as tests
    # do): an actor that says nothing of itself, not an error
    return actor if actor is None or hasattr(actor, "kind") else _marker(span)


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


def _stands_for_someone(actor: Actor | None) -> bool:
    """Whether a pronoun's resolved antecedent is someone the text names or describes: a
    named organisation, or a person or group with a name, a role or a sector."""
    if actor is None:
        return False
    if actor.kind == "organisation":
        return True
    return actor.kind in ("person", "group") and bool(actor.name or actor.role or actor.sector)


def _measure(head: Token) -> bool:
    """A counted unit, not a name: a proper-noun head with a number of its own ("95 GWac
    were shipped", "some 40 MW"): spaCy tags unit abbreviations PROPN, untagged or ORG. The
    callers ask this only of a span the resolver does not know."""
    return (
        head.pos_ == "PROPN"
        and head.ent_type_ in ("", "ORG")
        and any(c.dep_ == "nummod" and c.pos_ == "NUM" for c in head.children)
    )


def political_level(span: Span, actor_of: ActorOf | None) -> int:
    """How surely `span` names a political actor as the doer of an event: 2 a resolved,
    placed actor or a public agent noun; 1 a name or crowd the resolver does not place (a
    person, an organisation, "thousands of farmers": the model must be surer of the event);
    0 not an actor (an unresolved pronoun, a thing, an agent noun of private life)."""
    head = span.root
    if head.ent_type_ in _WHEN or (_measure(head) and _resolved(span, actor_of) is None):
        return 0
    if actor_of is None:  # bare coding, no resolver to ask: any actor-like head will do
        return 2 if is_political(span, None, strict=False) and head.lower_ not in ("it", "its") else 0
    actor = _resolved(span, actor_of)
    if head.pos_ == "PRON":
        if actor is not None and _known(actor) and head.lower_ not in ("it", "its"):
            return 2
        # a pronoun tied to a name or a private person stands where its antecedent would:
        # "it" for a named organisation ("Uber said ... It asked the regulator"), "he" for a
        # man the text names or describes ("a 12-year-old boy ... He left a rucksack"), so
        # the event needs a placed political actor on the other side
        return 1 if _stands_for_someone(actor) else 0
    if actor is not None and _known(actor):
        return 2
    c = cues()
    low = {head.lemma_.lower(), head.lower_}
    if low & c.actor_nouns and not low & c.private_nouns and head.ent_type_ not in _NOT_NAMES:
        return 2
    lemmas = {t.lemma_.lower() for t in span} | {t.lower_ for t in span}
    if head.pos_ == "PROPN" and lemmas & (c.actor_nouns - c.private_nouns):
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
    if _measure(head) and _resolved(span, actor_of) is None:
        return False  # "95 GWac" is an amount of something
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
    if level == 1 and not any(political_level(t, actor_of) == 2 for t in keep) and not etype.collective:
        # two unknown names (or one and nobody): no sign of politics in the pair; a crowd's
        # act (a rally, a march) is one by itself, whoever it is for
        return 0
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
    if span.root.lower_ in _VISITOR_NOUNS and any(t.ent_type_ in ("GPE", "NORP") for t in span.root.subtree):
        return True  # "a tourist from Canada was killed": a visitor the text names a country of
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


def owned_by_source(cand: Candidate, actor_of: ActorOf | None) -> bool:
    """Whether the candidate's target is the source's own: "its" before it with the source a
    body, not a person ("France recalled its ambassador", "withdrew its troops", "fired
    missiles off its east coast"). Such a phrase is the doer's agent or ground, not whom the
    act is aimed at: it is the source's own when it resolves to no actor, or to the source's
    country; an actor of another or an unknown country stays the target."""
    if not cand.source or not cand.target:
        return False
    head = cand.target[0].root
    if not any(ch.dep_ == "poss" and ch.lower_ == "its" for ch in head.children):
        return False
    src = _resolved(cand.source[0], actor_of)
    if src is None or src.kind == "person":
        return False
    tgt = _resolved(cand.target[0], actor_of)
    if tgt is None:
        return True
    return bool(src.country) and tgt.country == src.country


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


def pair_probs(cand: Candidate) -> dict[str, float] | None:
    """The type model's 17 probabilities (NONE included) for the candidate's pair, or None
    without a model that knows NONE or a readable pair."""
    from eventwatch.coding import model

    src = cand.source[0] if cand.source else None
    tgt = cand.target[0] if cand.target else None
    if src is None and not knows_target_only():
        return None  # a model trained without target-only rows cannot judge the doerless
    try:
        # one side missing: the stand-in partner is found as the training rows find it (from
        # the known actor up, no trigger), so the model reads what it learned
        trigger = cand.trigger if src is not None and tgt is not None else None
        probs = model.score_types(cand.sentence, trigger, src, tgt, with_none=True)
    except Exception:  # noqa: BLE001 - a model failure must not lose the lexicon's event
        return None
    if not probs or model.NONE not in probs:
        return None
    return probs


def knows_target_only() -> bool:
    """Whether the type model learned target-only rows (source null, `implicit_source`)."""
    from eventwatch.coding import model

    m = model.load_model()
    return m is not None and "implicit_source" in m.index


def p_event(cand: Candidate) -> float | None:
    """1 - P(NONE) of the candidate's pair (None without a model that knows NONE)."""
    from eventwatch.coding import model

    probs = pair_probs(cand)
    return None if probs is None else 1.0 - probs[model.NONE]


def one_per_predicate(events: list[CodedEvent]) -> list[CodedEvent]:
    """The most confident event of each (trigger, stance) in text order; a stance event
    ("refused to meet" -> REJECT) stays beside the event it reads."""
    stances = {(ev.trigger.i, pair_key(ev)) for ev in events if ev.extra.get("stance_verb")}
    denial = ontology().denial
    denials = {ev.trigger.i for ev in events if ev.extra.get("stance_verb") and denial is not None
               and (ev.event_type, ev.mode) == (denial.type, denial.mode)}
    best: dict[tuple[int, bool], CodedEvent] = {}
    for ev in events:
        # the verb that voices a stance ("denied" in "Iran denied supplying drones to
        # Russia") is the stance event's own predicate: its event on the same pair competes
        # with the stance event, not beside it (the arbiter could read that pair as the
        # denied act, a realized AID); a denial's on any pair ("X denied that its troops
        # shelled Y" read as X against its own troops)
        stance = ("stance_on" in ev.extra or (ev.trigger.i, pair_key(ev)) in stances
                  or ev.trigger.i in denials)
        key = (ev.trigger.i, stance)
        cur = best.get(key)
        if cur is None or ev.confidence > cur.confidence:
            best[key] = ev
    keep = {id(ev) for ev in best.values()}
    return [ev for ev in events if id(ev) in keep]


def pair_key(ev: CodedEvent) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where the event's sides start in the document."""
    return tuple(s.start for s in ev.source), tuple(s.start for s in ev.target)
