"""The source, target and object tokens of a candidate, read off the verb or the nominal
trigger (and the light verb over it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.clause_actors import (
    _actor_in,
    _agent,
    _as_actor,
    _child,
    _conjuncts,
    _is_rel,
    _pobjs,
    actorish,
    clause_subject,
)
from eventwatch.coding.cues import Cues, cues
from eventwatch.coding.lexicon import Entry
from eventwatch.coding.ontology import ontology
from eventwatch.coding.triggers import _is_verb, under_governor
from eventwatch.coding.vocab import (
    _ACTOR_ENTS,
    _PLACE_ENTS,
    _TEMPORAL_PREPS,
    _VISIT_PLACE_PREPS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventwatch.coding.candidates import Candidate


def _prep_targets(tok: Token, preps: tuple[str, ...], skip: set[int]) -> list[Token]:
    out: list[Token] = []
    for ch in tok.children:
        # a particle with an object is a preposition the parser misread ("calling on X")
        if ch.dep_ in ("prep", "dative", "prt") and ch.lower_ in preps and ch.i not in skip:
            out.extend(_pobjs(ch))
        if out:
            break
    return out


def _dative(v: Token) -> list[Token]:
    d = _child(v, "dative")
    if d is None:
        return []
    if d.pos_ == "ADP":
        return _pobjs(d)
    return _conjuncts(d)


def _place_targets(tok: Token, skip: set[int]) -> list[Token]:
    for ch in tok.children:
        if ch.dep_ == "prep" and ch.lower_ in _VISIT_PLACE_PREPS and ch.i not in skip:
            for p in _pobjs(ch):
                if p.lemma_.lower() in cues().geo_feature_words:
                    continue  # a sea or a strait is where it happened: "patrolled the Red Sea"
                if p.ent_type_ in _PLACE_ENTS or p.pos_ == "PROPN":
                    return [p]
                inner = next((x for x in p.subtree if x.ent_type_ in _PLACE_ENTS), None)
                if inner is not None:
                    return [inner]
    return []


def _free_relative(v: Token) -> Token | None:
    """The thing named in a free relative object: "criticized what it called a reckless
    budget", "rejected what they describe as an ultimatum" -> budget, ultimatum."""
    for ch in v.children:
        if ch.dep_ != "ccomp" or not any(g.lower_ == "what" and g.dep_ == "dobj" for g in ch.children):
            continue
        named = _child(ch, "oprd", "attr")
        if named is None:
            as_ = next((g for g in ch.children if g.dep_ == "prep" and g.lower_ == "as"), None)
            objs = _pobjs(as_) if as_ is not None else []
            named = objs[0] if objs else None
        if named is not None and (named.pos_ in ("NOUN", "PROPN") or named.dep_ == "pobj"):
            return named  # (an object of "as" is a noun even when the tagger says verb)
    return None


def _doer_of_the_act(v: Token, e: Entry) -> list[Token]:
    """The doer named on the act a passive verb happened in: "was killed in a US drone
    strike", "were wounded in an Israeli raid" -> US, Israeli (a nation, place or body that
    modifies an act noun of the verb's own type)."""
    from eventwatch.coding.lexicon import lexicon
    from eventwatch.coding.triggers import match_noun

    for prep in v.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "by"):
            continue
        for act in _pobjs(prep):
            hit = match_noun(act, lexicon())
            if hit is None or hit[0].event_type != e.event_type:
                continue
            for ch in act.children:
                if ch.dep_ in ("poss", "amod", "compound") and ch.ent_type_ in ("NORP", "GPE", "ORG"):
                    return [ch]
    return []


def verb_arguments(cand: Candidate, v: Token, c: Cues) -> tuple[list[Token], list[Token], Token | None]:
    """(sources, targets, object) of verb trigger `v` under entry `cand.entry`."""
    e = cand.entry
    onto = ontology()
    frame = onto.types[e.event_type].args
    subj, passive = clause_subject(v, c)
    if passive and v.dep_ == "acl" and v.head.dep_ == "ROOT" and onto.types[e.event_type].collective \
            and not _agent(v) and _child(v, "dobj") is None:
        # "Hundreds of students protested in Dhaka": a sentence whose only verb the parser
        # hung on its subject as a participle; a crowd's act has the crowd as its doer
        passive = False
    obj: Token | None = None
    sources: list[Token]
    targets: list[Token] = []
    dobj = _child(v, "dobj") or _free_relative(v)
    if passive:
        sources = _agent(v) or _doer_of_the_act(v, e)
        if e.dobj == "object":
            obj = subj[0] if subj else None
        else:
            targets = subj
    else:
        sources = subj
        if dobj is not None and dobj.i in cand.consumed and e.dobj == "object":
            obj = dobj
        elif dobj is not None and dobj.i not in cand.consumed:
            if e.dobj == "object":
                obj = dobj
            elif _is_rel(dobj) and v.dep_ == "relcl":
                targets = _conjuncts(v.head)
            else:
                targets = _conjuncts(dobj)
    if dobj is not None and not passive and e.dobj == "object" and obj is dobj and not targets:
        with_ = next((ch for ch in v.children if ch.dep_ == "prep" and ch.lower_ == "with"), None)
        wobj = _pobjs(with_) if with_ is not None else []
        if wobj and actorish(dobj, c):  # "provided Sri Lanka with technology"
            targets, obj = _conjuncts(dobj), wobj[0]
    if dobj is None and not passive:
        # "arrested and charged three activists": a shared object sits on the last conjunct
        for conj in v.conjuncts:
            if conj.i > v.i and _is_verb(conj):
                dobj = _child(conj, "dobj")
                if dobj is not None:
                    if e.dobj == "object":
                        obj = dobj
                    else:
                        targets = _conjuncts(dobj)
                    break
    held = dobj is not None and dobj.i in cand.consumed
    if not targets and held and e.dobj == "target" and actorish(dobj, c) and dobj.pos_ != "PRON":
        targets = _conjuncts(dobj)  # "summoned the ambassador", "released the prisoners"
    if not targets and held:
        # "accepted Kim's invitation", "held talks with Macron"
        poss = _child(dobj, "poss")
        if poss is not None and (poss.pos_ == "PRON" or e.dobj == "object"):
            poss = None  # "withdrew its troops": the owner is the source's side
        # "rejected the proposal from the EU", "accepted demands by", "held talks with"
        targets = [poss] if poss is not None else _prep_targets(dobj, frame.object_target_preps, set())
    if not targets:
        targets = _dative(v)
    if not targets:
        preps = frame.verb_target_preps  # "withdrew from Syria" for a pull-back
        if e.dobj == "object":
            preps = (*preps, "for")  # "suspended aid for Sarajevo": the recipient
        targets = _prep_targets(v, preps, set())
    if not targets and not passive and e.dobj == "target":
        # "found Nielsen guilty", "convicted the bank to pay", "demanded that Dbeibeh appear"
        for ch in v.children:
            if ch.dep_ in ("ccomp", "xcomp", "oprd"):
                sub = _child(ch, "nsubj", "nsubjpass")
                if sub is not None and not _is_rel(sub):
                    targets = _conjuncts(sub)
                    break
    if not targets and held and frame.owner_target:
        inner = _actor_in(dobj, c)  # "seized a British tanker"
        targets = [inner] if inner is not None else []
    if not targets and dobj is not None and e.dobj == "object":
        targets = _prep_targets(dobj, onto.args.noun_target_preps, set())  # "suspended aid donations for Sarajevo"
    if not targets and frame.place_target:
        targets = _place_targets(v, set())
    return sources, targets, obj


def _organisers(n: Token, c: Cues) -> list[Token]:
    """Who held a crowd's act named by a noun after "of": the people it hangs from
    ("organizers of a London rally", "leaders of the march"), when they are actors."""
    if n.dep_ != "pobj" or n.head.lower_ != "of" or n.head.dep_ != "prep":
        return []
    owner = n.head.head  # a plural noun for people or an agent noun; the gate judges it
    return _conjuncts(owner) if owner.pos_ == "NOUN" and (owner.tag_ == "NNS" or actorish(owner, c)) else []


def _governor(n: Token) -> Token | None:
    """The verb a nominal trigger hangs from (through a preposition, or as its object)."""
    if n.dep_ == "pobj" and n.head.dep_ in ("prep", "agent"):
        h = n.head.head
        return h if _is_verb(h) else None
    if n.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and _is_verb(n.head):
        return n.head
    return None


def noun_arguments(cand: Candidate, n: Token, c: Cues, light: Token | None) -> tuple[list[Token], list[Token], Token | None]:
    """(sources, targets, object) of nominal trigger `n`; `light` is its light verb if any."""
    e = cand.entry
    onto = ontology()
    frame = onto.types[e.event_type].args
    sources: list[Token] = []
    targets: list[Token] = []
    obj: Token | None = None
    between: list[Token] = []
    # a crowd's act ("a London rally", "a Paris march"): the place before it is where it
    # happened, not who held it (a city's name stands for its government elsewhere)
    collective = onto.types[e.event_type].collective
    if collective:  # "organizers of a Glasgow rally": they held it, whatever Glasgow is read as
        sources = _organisers(n, c)
    under = under_governor(n) if "under" in cand.notes else None
    if under is not None:
        # "the patrol came under fire (from gunmen)": the subject is the target, the doer is
        # named by a `from`/`by` phrase or not at all
        subj, _ = clause_subject(under, c)
        doers = _prep_targets(n, ("from", "by"), set()) or _prep_targets(under, ("from", "by"), set())
        return [d for d in doers if actorish(d, c)], subj, None
    for ch in n.children:
        if ch.dep_ == "poss" and not sources:
            sources = [ch]
        elif ch.dep_ == "prep":
            p = ch.lower_
            if p == "by":
                sources = _pobjs(ch) or sources
            elif p in ("between", "among"):
                between = _pobjs(ch)
            elif p == "of":
                objs = _pobjs(ch)
                if frame.of_phrase == "source" and not sources:  # "a visit of the emir"
                    sources = objs
                elif frame.of_phrase == "target" and objs:
                    targets = targets or objs
                elif objs and e.dobj == "object":
                    obj = obj or objs[0]
            elif not targets and p in frame.noun_target_preps:
                targets = _pobjs(ch)
        elif (
            ch.dep_ in ("amod", "compound") and ch.i not in cand.consumed and not sources
            and (ch.ent_type_ in ("NORP", "GPE", "ORG")
                 or (ch.pos_ == "PROPN" and ch.ent_type_ in _ACTOR_ENTS))
            and not (collective and ch.ent_type_ in ("GPE", "LOC") and ch.dep_ == "compound")
        ):
            sources = [ch]
    if between and not sources:
        sources, targets = between[:1], between[1:] or targets
    elif between and not targets:
        targets = between
    gov = light or _governor(n)
    if gov is not None and (light is not None or _inherits(n, gov, sources, e, c)):
        subj, passive = clause_subject(gov, c)
        if passive:
            subj = _agent(gov) or ([] if light is not None else subj)
        subj = _as_actor(subj, c)
        plural_pron = len(sources) == 1 and sources[0].lower_ in ("their", "our")
        if light is not None and subj:
            if sources and sources[0].dep_ == "poss" and sources[0].pos_ != "PRON" and not targets:
                targets = sources  # "accepted Kim's invitation": the possessor is the other side
            sources = subj
        elif subj and (not sources or (plural_pron and len(subj) > 1)):
            sources = subj
        if light is not None and not targets:
            targets = _dative(light) or _prep_targets(light, onto.args.verb_target_preps, cand.consumed)
            if not targets and frame.light_place_target:
                targets = _place_targets(light, set())
    if frame.place_target and not targets and not (e.symmetric and len(sources) > 1):
        targets = _place_targets(n, cand.consumed)
    return sources, targets, obj


def _inherits(n: Token, gov: Token, sources: list[Token], e: Entry, c: Cues) -> bool:
    """Whether a nominal trigger without its own subject takes its governing verb's subject:
    "exchanged gifts during their rendezvous", "the itinerary includes a visit"."""
    if n.dep_ == "pobj" and n.head.lower_ in _TEMPORAL_PREPS:
        return e.symmetric or (len(sources) == 1 and sources[0].pos_ == "PRON")
    if n.dep_ == "dobj" and not sources:
        lemma = gov.lemma_.lower()  # "is considering sanctions against Iran"
        return lemma in c.planned_verbs or lemma in c.hypothetical_verbs
    return False


def _light(n: Token, c: Cues) -> Token | None:
    """The light verb a nominal trigger is the object of ("held talks", "paid a visit")."""
    h = n.head
    if n.dep_ in ("dobj", "nsubjpass") and _is_verb(h) and h.lemma_.lower() in c.light_verbs:
        return h
    if n.dep_ == "dobj" and _is_verb(h) and h.lemma_.lower() == "include":
        return h
    return None
