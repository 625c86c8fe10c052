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

from eventwatch.coding.cues import Cues, cues
from eventwatch.coding.gate import ATTACK_WORDS
from eventwatch.coding.lexicon import Entry, Lexicon, lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ActorTest = Callable[["Span"], bool]

_SUBJ = ("nsubj",)
_NON_ARG_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_ACTOR_ENTS = {"PERSON", "NORP", "GPE", "ORG", "LOC", "FAC"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_REL_PRONOUNS = {"who", "whom", "which", "that", "whose"}
_VERB_TARGET_PREPS = ("upon", "on", "to", "against", "with", "at", "toward", "towards", "into")
_NOUN_TARGET_PREPS = ("on", "against", "with", "to", "toward", "towards", "into", "upon", "at",
                      "for")
_CONSULT_NOUN_PREPS = ("with", "to", "toward", "towards", "for")
_VISIT_PLACE_PREPS = ("in", "at", "to", "outside", "near", "into")
_WALK_SKIP = {"nsubj", "nsubjpass", "csubj", "relcl", "advcl", "ccomp", "conj", "cc", "punct",
              "appos", "parataxis", "mark", "acl"}
_SPAN_LEFT = {"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "npadvmod",
              "punct", "case", "predet"}
_TEMPORAL_PREPS = {"during", "at", "in", "after", "before", "throughout", "following", "since",
                   "ahead", "on"}
_PLACE_TARGET_TYPES = {"CONSULT", "MOBILIZE", "AID", "RETREAT", "PROTEST"}  # "deployed troops in Libya"
_THING_TARGET_TYPES = {"ACCUSE", "REJECT", "SUPPORT", "REQUEST"}
_ONE_SIDED = {"PROTEST", "MOBILIZE", "RETREAT", "CONCEDE"}
_OF_IS_TARGET = {"ASSAULT", "COERCE", "ACCUSE", "SANCTION", "REJECT", "CONCEDE", "SUPPORT",
                 "REQUEST", "AID"}


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

def segments(doc: Doc) -> Iterator[Span]:
    """The sentences of `doc`, cut again at line breaks (spaCy may run paragraphs together)."""
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    yield doc[start:tok.i]
                start = tok.i + 1
        if start < sent.end:
            span = doc[start:sent.end]
            while len(span) and span[-1].is_space:
                span = doc[span.start:span.end - 1]
            if len(span):
                yield span


# --------------------------------------------------------------------------- matching

def _is_verb(tok: Token) -> bool:
    return tok.tag_.startswith("VB") and tok.pos_ in ("VERB", "AUX", "NOUN")


def _is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.tag_.startswith("NN")


def _near_words(tok: Token, depth: int = 3) -> dict[str, Token]:
    """Lemma/lower form -> token for the trigger's dependents (not subjects or clauses)."""
    out: dict[str, Token] = {}
    for c in tok.children:  # "found X guilty": a small clause counts at the first level
        if c.dep_ in ("ccomp", "xcomp", "acomp", "oprd"):
            out.setdefault(c.lemma_.lower(), c)
    frontier = [tok]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in _WALK_SKIP:
                    continue
                out.setdefault(c.lemma_.lower(), c)
                out.setdefault(c.lower_, c)
                nxt.append(c)
        frontier = nxt
    return out


def _obj_ent_ok(entry: Entry, tok: Token) -> bool:
    if not entry.obj_ent:
        return True
    dobj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return dobj is not None and dobj.ent_type_ in entry.obj_ent


def _best(entries: list[Entry], tok: Token, near: dict[str, Token] | None) -> tuple[Entry, set[int]] | None:
    for e in entries:  # sorted most specific first
        if e.extra:
            if near is None:
                near = _near_words(tok)
            if not all(w in near for w in e.extra):
                continue
            if any(near[w].pos_ in ("ADP", "PART") and (
                not (near[w].head.i == tok.i and 0 < near[w].i - tok.i <= 4)
                or any(g.ent_type_ in _NON_ARG_ENTS for g in near[w].children if g.dep_ == "pobj")
            ) for w in e.extra):
                continue  # a particle or preposition follows its verb, and "on Saturday" is no "call on"
            if e.kind == "phrase":
                obj = near[e.extra[-1]]
                if obj.head.i != tok.i and obj.head.head.i != tok.i:
                    continue  # the object of a phrase hangs from the verb: "announced a suspension of aid" is no "announce aid"
            used = {near[w].i for w in e.extra if near[w].pos_ not in ("ADP", "PART", "ADV")}
        else:
            used = set()
        if not _obj_ent_ok(e, tok):
            continue
        return e, used
    return None


def match_verb(tok: Token, lex: Lexicon) -> tuple[Entry, set[int]] | None:
    """The phrase or verb entry `tok` matches, with the ids of the other words it used."""
    lemma = tok.lemma_.lower()
    near = None
    phrases = lex.phrases.get(lemma)
    if phrases:
        near = _near_words(tok)
        hit = _best(phrases, tok, near)
        if hit:
            return hit
    verbs = lex.verbs.get(lemma)
    if verbs:
        return _best(verbs, tok, near)
    return None


def match_noun(tok: Token, lex: Lexicon) -> tuple[Entry, set[int]] | None:
    entries = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)
    if not entries:
        return None
    return _best(entries, tok, None)


# --------------------------------------------------------------------------- arguments

def _conjuncts(tok: Token) -> list[Token]:
    return sorted([tok, *tok.conjuncts], key=lambda t: t.i)


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _pobjs(prep: Token) -> list[Token]:
    obj = _child(prep, "pobj", "pcomp")
    return _conjuncts(obj) if obj is not None and obj.dep_ == "pobj" else []


def _has_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _is_rel(tok: Token) -> bool:
    return tok.lower_ in _REL_PRONOUNS and tok.tag_ in ("WDT", "WP", "WP$", "IN")


def clause_subject(v: Token, c: Cues, depth: int = 0) -> tuple[list[Token], bool]:
    """(subjects of verb `v`, whether `v` is passive); follows control, raising, relatives,
    coordination and participle clauses when `v` has no subject of its own."""
    if depth > 6:
        return [], False
    for ch in sorted(v.children, key=lambda x: abs(x.i - v.i)):  # nearest first
        if ch.dep_ in ("nsubj", "nsubjpass"):
            passive = ch.dep_ == "nsubjpass"
            if _is_rel(ch) and v.dep_ == "relcl":
                return _conjuncts(v.head), passive
            return _conjuncts(ch), passive
    h = v.head
    if h.i == v.i:
        return [], False
    if (v.dep_ == "xcomp" or (v.dep_ in ("advcl", "ccomp") and _has_to(v))) and _is_verb(h):
        obj = _child(h, "dobj")
        if obj is None:  # "called on the president to resign"
            on = next((ch for ch in h.children if ch.dep_ == "prep" and ch.lower_ in ("on", "upon")), None)
            objs = _pobjs(on) if on is not None else []
            obj = objs[0] if objs else None
        if h.lemma_.lower() in c.object_control_verbs and obj is not None:
            return _conjuncts(obj), False
        subj, _ = clause_subject(h, c, depth + 1)
        return subj, False
    if v.dep_ == "xcomp" and h.pos_ == "ADJ" and h.head.i != h.i and _is_verb(h.head):
        subj, _ = clause_subject(h.head, c, depth + 1)  # "is willing to withdraw"
        return subj, False
    if v.dep_ == "acl" and _is_noun(h):
        if v.tag_ == "VBN":  # "the base attacked by rebels": reduced passive relative
            return [h], True
        if _has_to(v):
            if h.lemma_.lower() in c.object_control_nouns:
                gov = h.head if h.dep_ in ("dobj", "nsubjpass") else None
                if gov is not None and _is_verb(gov):
                    return clause_subject(gov, c, depth + 1)[0], False
            poss = _child(h, "poss")
            if poss is not None:
                return [poss], False
            gov = h.head if h.dep_ in ("dobj", "nsubjpass", "nsubj", "attr") else None
            if gov is not None and _is_verb(gov):
                return clause_subject(gov, c, depth + 1)[0], False
    if v.dep_ == "conj" and _is_verb(h):
        return clause_subject(h, c, depth + 1)
    if v.dep_ in ("advcl", "xcomp") and v.tag_ in ("VBG", "VBN") and _is_verb(h):
        subj, _ = clause_subject(h, c, depth + 1)
        return subj, False
    return [], False


def _agent(v: Token) -> list[Token]:
    ag = _child(v, "agent")
    return _pobjs(ag) if ag is not None else []


def _is_pron(tok: Token, c: Cues) -> bool:
    return tok.pos_ == "PRON" and tok.lower_ in c.pronouns


def actorish(tok: Token, c: Cues) -> bool:
    """Whether a head token can name an actor by itself (entity, proper noun, pronoun,
    actor noun)."""
    if tok.ent_type_ in _NON_ARG_ENTS:
        return False
    if tok.ent_type_ in _ACTOR_ENTS or tok.pos_ == "PROPN":
        return True
    if _is_pron(tok, c):
        return True
    return tok.lemma_.lower() in c.actor_nouns or tok.lower_ in c.actor_nouns


def _actor_in(tok: Token, c: Cues) -> Token | None:
    """An actor named inside a non-actor noun phrase: "Kim's summit" -> Kim, "a facility in
    Komsomolsk-on-Amur" -> Komsomolsk."""
    poss = _child(tok, "poss")
    if poss is not None and actorish(poss, c) and poss.pos_ != "PRON":
        return poss  # "Kim's summit"; "their weapons" is the doer's own
    for ch in tok.children:
        if ch.dep_ in ("compound", "amod") and (
            ch.ent_type_ in _ACTOR_ENTS or (ch.pos_ == "PROPN" and ch.ent_type_ not in _NON_ARG_ENTS)
        ):
            return ch
    for ch in tok.children:
        if ch.dep_ in ("prep", "agent") and ch.lower_ in ("in", "at", "of", "from", "by"):
            for p in _pobjs(ch):  # "a facility in X", "the demands of/from X"
                if actorish(p, c):
                    return p
                mod = next((m for m in p.children if m.dep_ in ("amod", "compound")
                            and m.ent_type_ in ("NORP", "GPE", "ORG")), None)
                if mod is not None and ch.lower_ == "of":  # "imports of British beef"
                    return mod
    return None


def _as_actor(toks: list[Token], c: Cues) -> list[Token]:
    out = []
    for t in toks:
        if t.ent_type_ in _NON_ARG_ENTS:
            of = next((p for ch in t.children if ch.dep_ == "prep" and ch.lower_ == "of"
                       for p in _pobjs(ch)), None)  # "thousands of farmers"
            if of is not None:
                out.append(of)
            continue
        if actorish(t, c):
            out.append(t)
            continue
        inner = _actor_in(t, c)
        out.append(inner if inner is not None else t)
    return out


def _prep_targets(tok: Token, preps: tuple[str, ...], skip: set[int]) -> list[Token]:
    out: list[Token] = []
    for ch in tok.children:
        if ch.dep_ in ("prep", "dative") and ch.lower_ in preps and ch.i not in skip:
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
                if p.ent_type_ in _PLACE_ENTS or p.pos_ == "PROPN":
                    return [p]
                inner = next((x for x in p.subtree if x.ent_type_ in _PLACE_ENTS), None)
                if inner is not None:
                    return [inner]
    return []


def verb_arguments(cand: Candidate, v: Token, c: Cues) -> tuple[list[Token], list[Token], Token | None]:
    """(sources, targets, object) of verb trigger `v` under entry `cand.entry`."""
    e = cand.entry
    subj, passive = clause_subject(v, c)
    obj: Token | None = None
    sources: list[Token]
    targets: list[Token] = []
    dobj = _child(v, "dobj")
    if passive:
        sources = _agent(v)
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
        preps = _CONSULT_NOUN_PREPS if e.event_type == "CONSULT" else _NOUN_TARGET_PREPS
        if e.event_type in ("REJECT", "AGREE", "CONCEDE"):
            preps = (*preps, "from", "by")  # "rejected the proposal from the EU", "accepted demands by"
        targets = [poss] if poss is not None else _prep_targets(dobj, preps, set())
    if not targets:
        targets = _dative(v)
    if not targets:
        preps = (*_VERB_TARGET_PREPS, "from") if e.event_type in ("RETREAT", "SANCTION") else _VERB_TARGET_PREPS
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
    if not targets and held and e.event_type != "CONSULT":
        inner = _actor_in(dobj, c)  # "seized a British tanker"
        targets = [inner] if inner is not None else []
    if not targets and dobj is not None and e.dobj == "object":
        targets = _prep_targets(dobj, _NOUN_TARGET_PREPS, set())  # "suspended aid donations for Sarajevo"
    if not targets and e.event_type in _PLACE_TARGET_TYPES:
        targets = _place_targets(v, set())
    return sources, targets, obj


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
    sources: list[Token] = []
    targets: list[Token] = []
    obj: Token | None = None
    between: list[Token] = []
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
                if e.event_type == "CONSULT" and not sources:
                    sources = objs
                elif e.event_type in _OF_IS_TARGET and objs:
                    targets = targets or objs
                elif objs and e.dobj == "object":
                    obj = obj or objs[0]
            elif not targets and p in (
                _CONSULT_NOUN_PREPS if e.event_type == "CONSULT" else _NOUN_TARGET_PREPS
            ):
                targets = _pobjs(ch)
        elif (
            ch.dep_ in ("amod", "compound") and ch.i not in cand.consumed and not sources
            and (ch.ent_type_ in ("NORP", "GPE", "ORG")
                 or (ch.pos_ == "PROPN" and ch.ent_type_ in _ACTOR_ENTS))
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
            targets = _dative(light) or _prep_targets(light, _VERB_TARGET_PREPS, cand.consumed)
            if not targets and e.event_type == "CONSULT":
                targets = _place_targets(light, set())
    if e.event_type in _PLACE_TARGET_TYPES and not targets and not (e.symmetric and len(sources) > 1):
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


# --------------------------------------------------------------------------- spans

def arg_span(tok: Token, sentence: Span, c: Cues) -> Span:
    """The noun phrase of an argument head: its left modifiers, the entity it is part of, and
    for role nouns ("the government of France") the `of` phrase; not relative clauses or
    appositions. A common-noun head with a proper-noun apposition is replaced by it."""
    doc = tok.doc
    if not actorish(tok, c) or tok.pos_ == "NOUN":
        app = _child(tok, "appos")
        if app is not None and (app.pos_ == "PROPN" or app.ent_type_ in _ACTOR_ENTS):
            tok = app
    if tok.pos_ == "PRON":
        return doc[tok.i:tok.i + 1]
    left = right = tok.i
    for ch in tok.lefts:
        if ch.dep_ in _SPAN_LEFT:
            left = min(left, ch.left_edge.i)
    if tok.ent_iob_ != "O":
        j = tok.i
        while j > sentence.start and doc[j].ent_iob_ == "I":
            j -= 1
        k = tok.i + 1
        while k < sentence.end and doc[k].ent_iob_ == "I":
            k += 1
        left, right = min(left, j), max(right, k - 1)
    if tok.lemma_.lower() in c.actor_nouns and tok.pos_ == "NOUN":
        for ch in tok.rights:
            if ch.dep_ == "prep" and ch.lower_ == "of":
                objs = _pobjs(ch)
                if objs and actorish(objs[-1], c):
                    right = max(right, objs[-1].i)
                    for sub in objs[-1].subtree:
                        if sub.dep_ not in ("relcl", "appos", "punct") and sub.i > right and sub.head.i <= right:
                            right = max(right, sub.i)
    # names written with hyphens run on: "Komsomolsk-on-Amur", "Jeon Ha-kyou"
    while (right + 2 < sentence.end and not doc[right].whitespace_ and doc[right + 1].text == "-"
           and not doc[right + 1].whitespace_ and doc[right + 2].is_alpha):
        right += 2
    left, right = max(left, sentence.start), min(right, sentence.end - 1)
    while right > left and (doc[right].tag_ == "POS" or doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left:right + 1]


def object_span(tok: Token, sentence: Span) -> Span:
    """The object's noun phrase with its `of` complement ("a package of military aid")."""
    left, right = tok.left_edge.i, tok.i
    for ch in tok.rights:
        if ch.dep_ == "prep" and ch.lower_ == "of":
            right = ch.right_edge.i
    left, right = max(left, sentence.start), min(right, sentence.end - 1)
    while right > left and (tok.doc[right].is_punct or tok.doc[right].is_space):
        right -= 1
    return tok.doc[left:right + 1]


# --------------------------------------------------------------------------- reporter

def reporter_of(v: Token, c: Cues) -> Token | None:
    """The subject of the reporting verb the clause of `v` hangs from ("X said Y attacked Z"),
    or the object of "according to"."""
    cur = v
    for _ in range(6):
        for ch in cur.children:
            if ch.dep_ == "prep" and ch.lower_ == "according":
                to = _child(ch, "prep")
                objs = _pobjs(to) if to is not None else []
                if objs:
                    return objs[0]
            if ch.dep_ == "advcl" and ch.lemma_.lower() in c.reporting_verbs and any(
                m.lower_ == "as" for m in ch.children if m.dep_ == "mark"
            ):
                ag = _agent(ch)
                if ag:
                    return ag[0]
        h = cur.head
        if h.i == cur.i:
            return None
        if cur.dep_ in ("ccomp", "parataxis") and h.lemma_.lower() in c.reporting_verbs:
            subj, passive = clause_subject(h, c)
            if passive:
                subj = _agent(h)
            return subj[0] if subj else None
        if cur.dep_ in ("conj", "xcomp", "pobj", "prep", "dobj", "acl", "advcl"):
            cur = h
            continue
        if cur.dep_ == "ROOT":
            return None
        cur = h
    return None


# --------------------------------------------------------------------------- candidates

def candidates(sentence: Span, relaxed: bool = False, actor_test: ActorTest | None = None) -> list[Candidate]:
    """Every event candidate in one sentence. `relaxed` keeps candidates with missing
    arguments (pair coding picks among them); otherwise a candidate needs a source and a
    target (a source alone for PROTEST, MOBILIZE, RETREAT and CONCEDE)."""
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
        hit = match_noun(tok, lex)
        if hit is not None:
            entry, used = hit
            found.append(Candidate(trigger=tok, entry=entry, sentence=sentence, verb=None,
                                   consumed=used | {tok.i}))
    out: list[Candidate] = []
    for cand in found:
        if _fill(cand, c, relaxed, actor_test):
            out.append(cand)
    return out


def _fill(cand: Candidate, c: Cues, relaxed: bool, actor_test: ActorTest | None) -> bool:
    """Read the arguments of a candidate; False when it cannot make an event."""
    t = cand.trigger
    if cand.verb is t:
        src, tgt, obj = verb_arguments(cand, t, c)
    else:
        light = cand.verb
        src, tgt, obj = noun_arguments(cand, t, c, light)
    passive = cand.verb is t and any(ch.dep_ in ("nsubjpass", "auxpass") for ch in t.children)
    own = {t.i} | ({cand.verb.i} if cand.verb is not None else set())
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

    if not relaxed:
        src_all, src = src, [x for x in src if ok(x)]
        if not src and cand.entry.event_type == "ASSAULT":
            # "a car bomb killed six soldiers": the weapon stands for an unnamed doer (gate.py)
            src = [x for x in src_all if x.lemma_.lower() in ATTACK_WORDS]
        tgt_all = tgt
        tgt = [x for x in tgt if ok(x) or (cand.entry.event_type in _PLACE_TARGET_TYPES and x.ent_type_ in _PLACE_ENTS)]
        if not tgt and src and not (cand.entry.symmetric and len(src) > 1):
            # the other side further down: "declared a ceasefire ... in Somalia", "lifted the
            # restrictions imposed on Olmert", "returned the artefacts to the embassy"
            deep = _deep_target(cand.verb or t, {x.i for x in src}, ok)
            tgt = [deep] if deep is not None else []
        if not tgt and src and cand.verb is t and cand.entry.event_type in _THING_TARGET_TYPES:
            # "condemned the decision", "rejected the draft resolution": a verbal reaction to a
            # thing is still an event; the target stays unresolved text
            tgt = [x for x in tgt_all if x.pos_ in ("NOUN", "PROPN") and x.dep_ in ("dobj", "pobj")][:1]
    if cand.entry.symmetric and len(src) > 1:
        # "Trump and Putin agreed to share information on North Korea": the pair is the dyad,
        # a prepositional object is the topic
        src, tgt = src[:1], src[1:]
    if not relaxed:
        if not src and not (cand.entry.event_type == "ASSAULT" and tgt and passive):
            return False  # ("two soldiers were killed in an ambush": an unnamed doer, gate.py)
        if not tgt and cand.entry.event_type not in _ONE_SIDED:
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
