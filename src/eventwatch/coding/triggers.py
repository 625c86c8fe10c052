"""Trigger matching: a verb or noun of the sentence and the lexicon entry it matches, with the
particles, prepositions and object words the entry needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.cues import cues
from eventwatch.coding.lexicon import Entry, Lexicon
from eventwatch.coding.vocab import _NON_ARG_ENTS, _WALK_SKIP

if TYPE_CHECKING:
    from spacy.tokens import Token


# --------------------------------------------------------------------------- matching

def _is_verb(tok: Token) -> bool:
    return tok.tag_.startswith("VB") and tok.pos_ in ("VERB", "AUX", "NOUN")


def phrasal(tok: Token) -> str:
    """The verb's lemma with its particle ("call off"), or the lemma alone."""
    prt = next((ch.lower_ for ch in tok.children if ch.dep_ == "prt"), None)
    return f"{tok.lemma_.lower()} {prt}" if prt else tok.lemma_.lower()


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
    """The most specific entry `tok` matches; among phrases as specific as each other, one
    whose object is the verb's own object ("expressing support ..., including a desire":
    "express support", not "express desire")."""
    hit = _first(entries, tok, near)
    if hit is None or hit[0].kind != "phrase" or near is None:
        return hit
    if near[hit[0].extra[-1]].head.i == tok.i:
        return hit
    for e in entries:
        if e is hit[0] or e.kind != "phrase" or e.specificity != hit[0].specificity:
            continue
        if e.extra and e.extra[-1] in near and near[e.extra[-1]].head.i == tok.i:
            other = _first([e], tok, near)
            if other is not None:
                return other
    return hit


def _first(entries: list[Entry], tok: Token, near: dict[str, Token] | None) -> tuple[Entry, set[int]] | None:
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
    verb = phrasal(tok)
    if verb != lemma and verb in cues().negating_verbs:
        return None  # "called off a trip" is no call: the particle makes it a cancellation
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


# "came under fire", "is under attack", "remained under shelling": the subject suffers the act
_UNDER_VERBS = {"come", "be", "fall"}  # not "remained under rebel control": a state


def under_governor(tok: Token) -> Token | None:
    """The verb of "X came under <noun>" when `tok` is that noun, else None."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "under" or prep.dep_ != "prep":
        return None
    verb = prep.head
    return verb if _is_verb(verb) and verb.lemma_.lower() in _UNDER_VERBS else None


def match_under(tok: Token, lex: Lexicon) -> tuple[Entry, set[int]] | None:
    """The nominal entry of the noun in "came under <noun>": the noun's own entry, else the
    plainest entry headed by it ("came under fire" reads the head of "sniper fire", "mortar
    fire"), so that a bare head in this construction still names its act."""
    if under_governor(tok) is None:
        return None
    hit = match_noun(tok, lex)
    if hit is not None:
        return hit
    entries = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)
    if not entries:
        return None
    plain = min(entries, key=lambda e: e.specificity)
    return plain, set()
