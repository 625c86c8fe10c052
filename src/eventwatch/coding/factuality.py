"""Factuality of a candidate: realized, planned, hypothetical or negated.

Read from the trigger and the chain of words that govern it: negation ("did not attack"),
modal auxiliaries ("will visit", "could strike"), embedding verbs ("plans to send", "is
scheduled to visit", "refused to meet", "threatened to invade"), governing nouns ("the
possibility of closer ties", "Kim's itinerary includes a visit") and their modifiers ("the
potential announcement of joint drills", "the planned visit"), and conditional clauses ("if
talks fail"). The innermost cue wins; negation of the trigger's own clause wins over all.
Reporting verbs end the chain: "X said Y attacked Z" stays realized.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.cues import Cues, cues

if TYPE_CHECKING:
    from spacy.tokens import Token

REALIZED, PLANNED, HYPOTHETICAL, NEGATED = "realized", "planned", "hypothetical", "negated"
_CLIMB = {"xcomp", "ccomp", "acl", "pobj", "prep", "dobj", "conj", "nsubjpass", "nsubj", "attr",
          "oprd", "pcomp", "advcl", "appos", "agent", "dative"}


def _own(tok: Token, c: Cues, is_trigger: bool) -> str | None:
    """The cue carried by one token of the chain (its own words and its dependents)."""
    for ch in tok.children:
        if ch.dep_ == "neg" or (ch.dep_ == "det" and ch.lower_ == "no") or (
            ch.dep_ == "advmod" and ch.lower_ == "never"
        ):
            return NEGATED
    for ch in tok.children:
        low = ch.lower_
        if ch.dep_ in ("aux", "auxpass"):
            if low in c.planned_modals:
                return PLANNED
            if low in c.hypothetical_modals:
                return HYPOTHETICAL
            if ch.lemma_ == "go" and ch.tag_ == "VBG":  # "is going to visit"
                return PLANNED
        if ch.dep_ == "mark" and low in c.hypothetical_markers:
            return HYPOTHETICAL
        if ch.dep_ in ("amod", "compound"):
            if low in c.hypothetical_adjectives:
                return HYPOTHETICAL
            if low in c.planned_adjectives:
                return PLANNED
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return NEGATED
    if is_trigger:
        return None
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        if lemma in c.negating_verbs:
            return NEGATED
        if lemma in c.planned_verbs:
            return PLANNED
        if lemma in c.hypothetical_verbs:
            return HYPOTHETICAL
    elif tok.pos_ == "ADJ":  # "is willing to withdraw", "is ready to talk"
        if lemma in c.planned_adjectives:
            return PLANNED
        if lemma in c.hypothetical_adjectives:
            return HYPOTHETICAL
    elif tok.pos_ in ("NOUN", "PROPN"):
        if lemma in c.hypothetical_nouns or tok.lower_ in c.hypothetical_nouns:
            return HYPOTHETICAL
        if lemma in c.planned_nouns or tok.lower_ in c.planned_nouns:
            return PLANNED
    return None


def _subject_cue(v: Token, c: Cues) -> str | None:
    """ "Kim's itinerary includes a visit": a plan-like subject of the governing verb."""
    for ch in v.children:
        if ch.dep_ in ("nsubj", "nsubjpass"):
            low = ch.lemma_.lower()
            if low in c.planned_nouns:
                return PLANNED
            if low in c.hypothetical_nouns:
                return HYPOTHETICAL
    return None


def factuality(trigger: Token, verb: Token | None = None) -> str:
    """The factuality of the event triggered by `trigger` (`verb`: its light verb, if any)."""
    c = cues()
    own = _own(trigger, c, True)
    if own is not None:
        return own
    cur = trigger
    if verb is not None and verb.i != trigger.i:
        v = _own(verb, c, True)
        if v is not None:
            return v
        s = _subject_cue(verb, c)
        if s is not None:
            return s
        cur = verb
    for _ in range(8):
        dep = cur.dep_
        h = cur.head
        if h.i == cur.i or dep not in _CLIMB:
            return REALIZED
        if dep == "advcl" and not any(ch.lower_ == "to" and ch.dep_ == "aux" for ch in cur.children):
            # "when he met ...": a temporal clause keeps its own factuality, but "if" does not
            return REALIZED
        if dep in ("ccomp", "parataxis") and h.lemma_.lower() in c.reporting_verbs:
            if h.lemma_.lower() in c.negating_verbs:  # "denied that its troops attacked"
                return NEGATED
            return REALIZED
        if dep in ("nsubj", "nsubjpass") and h.lemma_.lower() not in c.planned_verbs | c.hypothetical_verbs:
            # a nominal event as subject: "talks are expected" climbs, "the meeting saw" does not
            cue = _own(h, c, True)
            return cue if cue in (PLANNED, HYPOTHETICAL) else REALIZED
        if dep == "conj":
            cur = h
            v = _own(h, c, True)
            if v is not None and v != NEGATED:
                return v
            continue
        cue = _own(h, c, False)
        if cue is not None:
            if dep == "pobj" or dep == "prep":
                pass
            return cue
        if dep == "dobj" and h.pos_ in ("VERB", "AUX"):
            s = _subject_cue(h, c)
            if s is not None:
                return s
        cur = h
    return REALIZED
