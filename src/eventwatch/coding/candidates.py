"""Event candidates from the parse: a trigger matched in the lexicon and its argument spans.

A candidate is a trigger token with the lexicon entry it matched and the source, target,
object and reporter spans read off the dependency parse. The constructions handled:

- verbs, with particles and prepositions ("crack down on") and verb + object phrases
  ("lift sanctions", "open fire");
- light verbs over a nominal trigger ("held talks", "paid a visit", "carried out strikes"):
  the noun gives the type, the verb the arguments;
- nominal triggers with their own arguments ("an attack on X by Y", "X's visit to Y",
  "talks between X and Y", "Israeli strikes");
- control and raising ("agreed to lift", "plans to send", "is expected to visit", "urged Y
  to withdraw"), coordination of subjects, objects and verbs, passives ("was attacked by"),
  ditransitives and `to`/`upon` recipients ("offered Kim a rifle", "bestowed upon Putin a
  firearm"), relative clauses ("the rebels who attacked"), appositions ("the minister,
  Sergei Lavrov"), and reported speech ("X said Y attacked Z": X is the reporter).

Everything is dict and set lookups on the tokens of one sentence: no regex over the lexicon.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventwatch.coding.arg_spans import arg_span, object_span, reporter_of
from eventwatch.coding.arguments import noun_arguments, verb_arguments
from eventwatch.coding.clause_actors import _actor_in, _as_actor, _child, actorish
from eventwatch.coding.cues import Cues, cues
from eventwatch.coding.lexicon import Entry, lexicon
from eventwatch.coding.ontology import ontology
from eventwatch.coding.triggers import _is_noun, _is_verb, match_noun, match_under, match_verb
from eventwatch.coding.vocab import _PLACE_ENTS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["actorish", "arg_span", "Candidate", "candidates", "match_noun", "match_verb", "reporter_of", "segments"]

ActorTest = Callable[["Span"], bool]


@dataclass
class Candidate:
    """A trigger, the entry it matched, and its arguments (token lists until spans are built)."""

    trigger: Token
    entry: Entry
    sentence: Span
    verb: Token | None = None  # the verb the arguments were read from (light verb, or trigger)
    source: list[Span] = field(default_factory=list)
    target: list[Span] = field(default_factory=list)
    object: Span | None = None
    reporter: Span | None = None
    consumed: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- sentences

def _wrapped(tok: Token) -> bool:
    """Whether the line break `tok` only wraps a sentence (hard-wrapped text: "It\nrequested
    clarification"): a single break between a word that ends no sentence and a word that
    starts none (lower case)."""
    doc = tok.doc
    if tok.text.count("\n") > 1 or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    before, after = doc[tok.i - 1], doc[tok.i + 1]
    return after.text[:1].islower() and before.text not in (".", "!", "?", ":", ";")


def segments(doc: Doc) -> Iterator[Span]:
    """The sentences of `doc`, cut again at line breaks (spaCy may run paragraphs together),
    but not where a line break only wraps a sentence."""
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text and not _wrapped(tok):
                if tok.i > start:
                    yield doc[start:tok.i]
                start = tok.i + 1
        if start < sent.end:
            span = doc[start:sent.end]
            while len(span) and span[-1].is_space:
                span = doc[span.start:span.end - 1]
            if len(span):
                yield span


# --------------------------------------------------------------------------- candidates

def candidates(sentence: Span, relaxed: bool = False, actor_test: ActorTest | None = None) -> list[Candidate]:
    """Every event candidate in one sentence. `relaxed` keeps candidates with missing
    arguments (pair coding picks among them); otherwise a candidate needs a source and a
    target (a source alone for a one-sided type, `target: optional` in plover.yaml)."""
    lex, c = lexicon(), cues()
    found: list[Candidate] = []
    taken: set[int] = set()
    toks = list(sentence)  # one pass over the doc's token table, not one per loop
    # verbs first: phrases and light verbs claim their nouns
    for tok in toks:
        if not _is_verb(tok) or tok.dep_ == "amod":
            continue
        hit = match_verb(tok, lex)
        if hit is not None and hit[0].kind == "phrase":
            entry, used = hit
            cand = Candidate(trigger=tok, entry=entry, sentence=sentence, verb=tok, consumed=used | {tok.i})
            found.append(cand)
            taken |= cand.consumed
            continue
        noun = _child(tok, "dobj", "nsubjpass")
        lemma = tok.lemma_.lower()
        if noun is not None and (lemma in c.light_verbs or lemma == "include") and _is_noun(noun):
            nhit = match_noun(noun, lex)
            if nhit is not None:
                entry, used = nhit
                cand = Candidate(trigger=noun, entry=entry, sentence=sentence, verb=tok,
                                 consumed=used | {noun.i})
                cand.notes.append("light")
                found.append(cand)
                taken |= cand.consumed
                continue  # the noun carries the event ("launched airstrikes" is no launch)
        if hit is not None:
            entry, used = hit
            found.append(Candidate(trigger=tok, entry=entry, sentence=sentence, verb=tok,
                                   consumed=used | {tok.i}))
            taken |= used | {tok.i}
    for tok in toks:
        if tok.i in taken or not _is_noun(tok) or tok.dep_ == "compound":
            continue
        under = match_under(tok, lex)  # "the patrol came under fire": the subject suffers it
        hit = under or match_noun(tok, lex)
        if hit is not None:
            entry, used = hit
            cand = Candidate(trigger=tok, entry=entry, sentence=sentence, verb=None,
                             consumed=used | {tok.i})
            if under is not None:
                cand.notes.append("under")
            found.append(cand)
    out: list[Candidate] = []
    for cand in found:
        if _fill(cand, c, relaxed, actor_test):
            out.append(cand)
    return out


def _each_other(head: Token) -> bool:
    """Whether `head` governs "each other" or "one another", directly or through a preposition
    ("blamed each other", "fought with one another")."""
    near = [*head.children, *(g for ch in head.children if ch.dep_ == "prep" for g in ch.children)]
    return any(x.lower_ in ("other", "another")
               and any(ch.lower_ in ("each", "one") for ch in x.children) for x in near) or any(
        x.lower_ == "each" and x.i + 1 < len(x.doc) and x.doc[x.i + 1].lower_ == "other"
        for x in near)


def _mutual(cand: Candidate, c: Cues) -> bool:
    """Whether coordinated doers of the candidate act on one another: a reciprocal key lemma
    (cues.yaml `reciprocal_verbs`: "traded accusations", "exchanged fire", "clashed") or an
    "each other" / "one another" on its predicate. (Symmetric entries are read as before.)"""
    return cand.entry.key in c.reciprocal_verbs or _each_other(cand.verb or cand.trigger)


def _fill(cand: Candidate, c: Cues, relaxed: bool, actor_test: ActorTest | None) -> bool:
    """Read the arguments of a candidate; False when it cannot make an event."""
    t = cand.trigger
    etype = ontology().types[cand.entry.event_type]
    if cand.verb is t:
        src, tgt, obj = verb_arguments(cand, t, c)
    else:
        light = cand.verb
        src, tgt, obj = noun_arguments(cand, t, c, light)
    passive = (cand.verb is t and any(ch.dep_ in ("nsubjpass", "auxpass") for ch in t.children)) or (
        "under" in cand.notes)
    own = {t.i} | ({cand.verb.i} if cand.verb is not None else set())
    counted = [x for x in tgt if x.ent_type_ == "CARDINAL" and x.dep_ == "dobj"]  # "arrested 40"
    src = [x for x in _as_actor(src, c) if x.i not in own]
    tgt = [x for x in _as_actor(tgt, c) if x.i not in own]
    tgt = [x for x in tgt if x.i not in {s.i for s in src} and x.lower_ not in ("other", "each")]
    sent = cand.sentence
    src = [x for x in src if sent.start <= x.i < sent.end]
    tgt = [x for x in tgt if sent.start <= x.i < sent.end]

    def ok(x: Token) -> bool:
        if actorish(x, c):
            return True
        return actor_test is not None and actor_test(arg_span(x, sent, c))

    mutual = False
    if not relaxed:
        src_all, src = src, [x for x in src if ok(x)]
        if not src and etype.unnamed_doer:
            # "a car bomb killed six soldiers": the weapon stands for an unnamed doer (gate.py)
            src = [x for x in src_all if x.lemma_.lower() in c.attack_words]
        # "rockets fired from Lebanon struck ...", "a missile fired by Russian forces hit ...":
        # the weapon's side is who fired it or where it came from
        src = [(_fired_from(x, c) or x) if x.lemma_.lower() in c.attack_words else x for x in src]
        tgt_all = tgt
        tgt = [x for x in tgt if (ok(x) or (etype.args.place_target and x.ent_type_ in _PLACE_ENTS))
               and x.lemma_.lower() not in c.geo_feature_words]
        if not tgt and cand.verb is t and cand.entry.mode in etype.person_object_modes:
            # "police arrested two teenagers": whoever is arrested or deported is a person
            tgt = [x for x in tgt_all if x.pos_ == "NOUN" and x.dep_ in ("dobj", "nsubjpass")
                   and x.ent_type_ not in _PLACE_ENTS] or counted  # "police arrested 40": people
            if tgt:
                cand.notes.append("person_object")
        # (the object of a reciprocal verb is what is traded: "swapped prisoners"; an actor
        # after a preposition is the other side: "police and troops clashed with protesters")
        head = cand.verb or t
        mutual = len(src) > 1 and _mutual(cand, c) and not any(
            ok(x) and x.dep_ == "pobj" and x.head.head.i == head.i for x in tgt)
        where = all(x.head.lower_ in ("in", "at") for x in tgt)  # "signed an accord in Arusha"
        if len(src) == 1 and where and (cand.entry.symmetric or _mutual(cand, c)
                                        or src[0].head.lower_ == "between"):
            # "the Japanese and South Korean leaders held talks", "the leaders of Ghana and
            # Ivory Coast signed a declaration", "a phone call between the Russian and Turkish
            # presidents": both sides named inside one noun phrase (a place it happened in is
            # no side)
            sides = _paired_sides(src[0])
            if sides:
                src, tgt = sides[:1], sides[1:]
        if not tgt and src and not mutual:
            # the other side further down: "declared a ceasefire ... in Somalia", "lifted the
            # restrictions imposed on Olmert", "returned the artefacts to the embassy"
            deep = _deep_target(head, {x.i for x in src}, ok)
            tgt = [deep] if deep is not None else []
        if not tgt and src and cand.verb is t and etype.args.thing_target:
            # "condemned the decision", "rejected the draft resolution": a verbal reaction to a
            # thing is still an event; the target stays unresolved text
            tgt = [x for x in tgt_all if (x.pos_ in ("NOUN", "PROPN") or x.dep_ == "pobj")
                   and x.dep_ in ("dobj", "pobj", "oprd", "attr")][:1]
    if len(src) > 1 and (cand.entry.symmetric or mutual):
        # "Trump and Putin agreed to share information on North Korea": the pair is the dyad,
        # a prepositional object is the topic; "Israel and Hezbollah traded fire across the
        # border", "Serbia and Kosovo blamed each other": a reciprocal predicate whose other
        # side names no actor, the same
        src, tgt = src[:1], src[1:]
    if not relaxed:
        if not src and not (etype.unnamed_doer and tgt and passive):
            return False  # ("two soldiers were killed in an ambush": an unnamed doer, gate.py)
        if not tgt and not etype.one_sided:
            return False
    elif not src and not tgt:
        return False
    cand.source = [arg_span(x, sent, c) for x in src]
    cand.target = [arg_span(x, sent, c) for x in tgt]
    if obj is not None:
        cand.object = object_span(obj, sent)
    rep = reporter_of(cand.verb or t, c) if (cand.verb or t) is not None else None
    if rep is not None and not any(rep.i >= s.start and rep.i < s.end for s in cand.source):
        cand.reporter = arg_span(rep, sent, c)
        if len(src) == 1 and _refers_to(src[0], rep):
            # "the ELN has said it will release ...": the pronoun is the speaker
            cand.source = [cand.reporter]
    return True


_SIDE_ENTS = ("NORP", "GPE", "LOC", "ORG")


def _fired_from(weapon: Token, c: Cues) -> Token | None:
    """Who fired a weapon ("a missile fired by Russian forces") or the named place or group
    it was fired or launched from ("rockets fired from Lebanon", "a drone launched from
    Yemen"), else None."""
    for acl in weapon.children:
        if acl.dep_ != "acl" or acl.tag_ != "VBN":
            continue
        for p in acl.children:
            objs = [o for o in p.children if o.dep_ == "pobj"]
            if p.dep_ == "agent" and objs and actorish(objs[0], c):
                return objs[0]
            if p.dep_ == "prep" and p.lower_ == "from":
                named = [o for o in objs if o.ent_type_ in _SIDE_ENTS]
                if named:
                    return named[0]
    return None


def _paired_sides(head: Token) -> list[Token]:
    """The two sides a plural role noun names in its modifiers: "the Japanese and South
    Korean leaders", "Polish and Lithuanian defence ministers", "the leaders of Ghana and
    Ivory Coast"; [] unless exactly two named sides."""
    if head.tag_ not in ("NNS", "NNPS"):
        return []
    for ch in head.children:
        if ch.dep_ in ("amod", "compound") and ch.ent_type_ in _SIDE_ENTS:
            first = ch
        elif ch.dep_ == "prep" and ch.lower_ == "of":
            first = next((p for p in ch.children if p.dep_ == "pobj" and p.ent_type_ in _SIDE_ENTS), None)
        else:
            continue
        if first is None:
            continue
        others = [x for x in first.conjuncts if x.ent_type_ in _SIDE_ENTS]
        if len(others) == 1:
            return [first, others[0]]
    return []


_DEEP_STEPS = {"prep", "pobj", "dobj", "acl", "conj", "dative", "agent", "npadvmod", "advmod",
               "amod", "xcomp", "pcomp"}


def _deep_target(v: Token, taken: set[int], ok: Callable[[Token], bool]) -> Token | None:
    """The first actor or place reached from the trigger through prepositional phrases and
    objects (breadth first, three steps), skipping the subject side."""
    frontier = [v]
    for _ in range(3):
        nxt = []
        for tok in frontier:
            for ch in tok.children:
                if ch.dep_ not in _DEEP_STEPS or ch.i in taken:
                    continue
                if ch.dep_ in ("pobj", "dative") and ch.pos_ in ("NOUN", "PROPN"):
                    if ch.lemma_.lower() in cues().geo_feature_words:
                        continue  # where it happened, not a side: "at ships in the Red Sea"
                    if ok(ch) or ch.ent_type_ in _PLACE_ENTS:
                        return ch
                    inner = _actor_in(ch, cues())  # "imports of British beef"
                    if inner is not None and inner.i not in taken:
                        return inner
                nxt.append(ch)
        frontier = nxt
    return None


def _refers_to(pron: Token, rep: Token) -> bool:
    """Whether a subject pronoun of a reported clause can be its reporter (number/kind agree)."""
    if pron.pos_ != "PRON" or pron.dep_ not in ("nsubj", "nsubjpass"):
        return False
    low, ent, tag = pron.lower_, rep.ent_type_, rep.tag_
    if low in ("he", "she"):
        return ent == "PERSON" or (tag == "NN" and ent not in ("ORG", "GPE", "NORP"))
    if low == "it":
        return ent != "PERSON" and tag in ("NN", "NNP")
    if low in ("they", "we"):
        return tag in ("NNS", "NNPS") or ent in ("ORG", "NORP", "GPE")
    return False
