"""Argument spans grown from their head tokens, and the reporter of reported speech ("X said
...")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.clause_actors import (
    _agent,
    _child,
    _pobjs,
    actorish,
    clause_subject,
    in_dateline,
)
from eventwatch.coding.cues import Cues
from eventwatch.coding.vocab import _ACTOR_ENTS, _SPAN_LEFT

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


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
            if ch.dep_ == "prep" and ch.lower_ == "from" and tok.i + 1 == ch.i:
                # "a tourist from Canada": the country a person comes from is part of the name
                objs = _pobjs(ch)
                if objs and objs[-1].ent_type_ == "GPE":
                    right = max(right, objs[-1].i)
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
    while left < right and (doc[left].is_punct or doc[left].is_space or (
            left < tok.i and in_dateline(doc[left]))):
        left += 1  # "OSLO, Norway - Norwegian police": the dateline is no part of the actor
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
