"""Who a clause is about: its subject through control, raising, passives and relative clauses,
and whether a token (or a word under it) names an actor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.cues import Cues
from eventwatch.coding.triggers import _is_noun, _is_verb
from eventwatch.coding.vocab import _ACTOR_ENTS, _NON_ARG_ENTS, _REL_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Token


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
    misread = _subject_read_as_pobj(v)
    if misread:
        return misread, False
    if h.i == v.i:
        return [], False
    if (v.dep_ == "pcomp" and v.tag_ == "VBG" and h.dep_ == "prep" and h.lower_ in TIME_PREPS
            and _is_verb(h.head)):
        # "Since meeting X in Paris, Y has ...", "After visiting X, Y said": the participle's
        # doer is the subject of the clause the preposition modifies
        subj, _ = clause_subject(h.head, c, depth + 1)
        return subj, False
    if (v.dep_ == "xcomp" or (v.dep_ in ("advcl", "ccomp") and _has_to(v))) and _is_verb(h):
        obj = _child(h, "dobj")
        if obj is None:  # "called on the president to resign"
            on = next((ch for ch in h.children  # "calling on authorities": a prep, or a particle
                       if ch.dep_ in ("prep", "prt") and ch.lower_ in ("on", "upon")), None)
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
        if (v.tag_ == "VBG" and h.dep_ == "dobj" and not actorish(h, c) and _is_verb(h.head)
                and not _has_to(v)):
            # "issued a statement condemning the raid", "sent a letter urging Y to ...": the
            # thing speaks for whoever issued it (a person the participle follows acts himself)
            return clause_subject(h.head, c, depth + 1)[0], False
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


# conjunctions the parser sometimes reads as prepositions, taking the clause's subject as
# their object: "..., as Turkey and activists accused the regime of ..."
_SUBORDINATORS = {"as", "while", "after", "before", "since", "because", "until", "when", "once"}
# prepositions over a participle whose doer is the main clause's subject ("since meeting",
# "after visiting", "by signing"); not "accused X of shelling", "prevented X from leaving"
TIME_PREPS = {"since", "after", "before", "while", "upon", "on", "when", "without", "despite",
               "by", "following"}


def _subject_read_as_pobj(v: Token) -> list[Token]:
    """The subject of a finite verb that has none, when the parser hung it as the object of a
    subordinating word just before the verb ("as Turkey and activists on the ground accused"):
    nothing but that object's phrase (and phrases hung elsewhere) stands between them."""
    if v.tag_ not in ("VBD", "VBZ", "VBP") or v.dep_ not in ("advcl", "ROOT", "ccomp"):
        return []  # (a conjoined verb shares its first verb's subject: "attacked ... and killed")
    doc = v.doc
    for j in range(v.i - 1, max(v.sent.start, v.i - 12) - 1, -1):
        tok = doc[j]
        if tok.pos_ in ("VERB", "AUX") or tok.is_punct:
            return []
        if tok.pos_ == "CCONJ" and tok.head.pos_ not in ("NOUN", "PROPN", "PRON"):
            return []  # "and" between clauses, not inside "Turkey and activists"
        if tok.dep_ == "prep" and tok.lower_ in _SUBORDINATORS and tok.head.i in (v.i, v.head.i):
            obj = _child(tok, "pobj")
            if obj is None or obj.pos_ not in ("PROPN", "NOUN", "PRON") or obj.i >= v.i:
                return []
            return _conjuncts(obj)
    return []


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


_DASHES = {"-", "--", "\u2013", "\u2014"}


def in_dateline(tok: Token) -> bool:
    """Whether `tok` is part of a wire dateline that opens its sentence, never an argument: a
    place in capitals and a dash ("NAIROBI - A judge ...", "VICTORIA, B.C. -- ..."), or a
    place, a region, a date and an agency set off by commas before the dash ("LISBON,
    Portugal -- ...", "Nairobi, May 3, KNA - ..."). Names joined by a dash with no comma and
    no capitals ("Russia - Ukraine talks") are no dateline."""
    start = tok.sent.start
    doc = tok.doc
    comma = False
    for j in range(start, min(start + 12, len(doc))):
        t = doc[j]
        if t.text in _DASHES:
            if j == start or j + 1 >= tok.sent.end:
                return False
            first = doc[start]
            caps = first.is_upper and len(first.text) > 1
            if not (caps or (comma and first.ent_type_ in ("GPE", "LOC", "FAC"))):
                return False  # a dateline opens with its place
            return start <= tok.i < j
        if t.text == ",":
            comma = True
            continue
        if t.is_punct or t.like_num or (t.is_alpha and t.is_upper):
            continue
        if t.is_alpha and t.is_title and (t.pos_ == "PROPN" or t.ent_type_ in _DATELINE_ENTS):
            continue
        return False
    return False


_DATELINE_ENTS = {"GPE", "LOC", "DATE", "ORG", "FAC"}


def _as_actor(toks: list[Token], c: Cues) -> list[Token]:
    out = []
    for t in toks:
        if in_dateline(t):
            continue
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
