"""Factuality of a candidate: realized, planned, hypothetical or negated.

Read from the trigger and the chain of words that govern it: negation ("did not attack"),
modal auxiliaries ("will visit", "could strike"), embedding verbs (a past attempt is no cue:
"tried to storm the embassy" is an attack that happened) ("plans to send", "is
scheduled to visit", "refused to meet", "threatened to invade"), governing nouns ("the
possibility of closer ties", "Kim's itinerary includes a visit") and their modifiers ("the
potential announcement of joint drills", "the planned visit"), and conditional clauses ("if
talks fail"). The innermost cue wins; negation of the trigger's own clause wins over all.
Reporting verbs end the chain: "X said Y attacked Z" stays realized.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.clause_actors import TIME_PREPS
from eventwatch.coding.cues import Cues, cues

if TYPE_CHECKING:
    from spacy.tokens import Token

REALIZED, PLANNED, HYPOTHETICAL, NEGATED = "realized", "planned", "hypothetical", "negated"
_CLIMB = {"xcomp", "ccomp", "acl", "pobj", "prep", "dobj", "conj", "nsubjpass", "nsubj", "attr",
          "oprd", "pcomp", "advcl", "appos", "agent", "dative"}


Cue = tuple[str, "Token"]


def _own(tok: Token, c: Cues, is_trigger: bool) -> Cue | None:
    """The cue carried by one token of the chain (its own words and its dependents), with
    the word that carries it."""
    for ch in tok.children:
        if ch.dep_ == "neg" or (ch.dep_ == "det" and ch.lower_ == "no") or (
            ch.dep_ == "advmod" and ch.lower_ == "never"
        ):
            return NEGATED, ch
    for ch in tok.children:
        low = ch.lower_
        if ch.dep_ == "aux" and ch.tag_ == "MD" and low == "to":
            return PLANNED, ch  # a headline's "to" future, re-parsed as "will" ("Japan to lift sanctions")
        if ch.dep_ in ("aux", "auxpass"):
            if low in c.planned_modals:
                return PLANNED, ch
            if low in c.hypothetical_modals:
                return HYPOTHETICAL, ch
            if ch.lemma_ == "go" and ch.tag_ == "VBG":  # "is going to visit"
                return PLANNED, ch
        if ch.dep_ == "mark" and low in c.hypothetical_markers:
            return HYPOTHETICAL, ch
        if ch.dep_ in ("amod", "compound"):
            if low in c.hypothetical_adjectives:
                return HYPOTHETICAL, ch
            if low in c.planned_adjectives:
                return PLANNED, ch
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return NEGATED, tok.head
    if is_trigger:
        return None
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        if lemma in c.negating_verbs:
            return NEGATED, tok
        if lemma in c.planned_verbs:
            return PLANNED, tok
        if lemma in c.hypothetical_verbs:
            return HYPOTHETICAL, tok
    elif tok.pos_ == "ADJ":  # "is willing to withdraw", "is ready to talk"
        if lemma in c.planned_adjectives:
            return PLANNED, tok
        if lemma in c.hypothetical_adjectives:
            return HYPOTHETICAL, tok
    elif tok.pos_ in ("NOUN", "PROPN"):
        if lemma in c.hypothetical_nouns or tok.lower_ in c.hypothetical_nouns:
            return HYPOTHETICAL, tok
        if lemma in c.planned_nouns or tok.lower_ in c.planned_nouns:
            return PLANNED, tok
    return None


def _subject_cue(v: Token, c: Cues) -> Cue | None:
    """ "Kim's itinerary includes a visit": a plan-like subject of the governing verb."""
    for ch in v.children:
        if ch.dep_ in ("nsubj", "nsubjpass"):
            low = ch.lemma_.lower()
            if low in c.planned_nouns:
                return PLANNED, ch
            if low in c.hypothetical_nouns:
                return HYPOTHETICAL, ch
    return None


def factuality(trigger: Token, verb: Token | None = None) -> str:
    """The factuality of the event triggered by `trigger` (`verb`: its light verb, if any)."""
    return factuality_cue(trigger, verb)[0]


def factuality_cue(trigger: Token, verb: Token | None = None) -> tuple[str, Token | None]:
    """(factuality, the word that decided it, or None for a plain realized event)."""
    fact, cue = _factuality_cue(trigger, verb)
    if fact == HYPOTHETICAL and cue is not None and cue.lower_ in ("would", "'d") and _reported(cue.head) and (
        not _conditional(cue.head)
    ):
        return PLANNED, cue  # "said it would free the prisoners": the future seen from the past
    return fact, cue


def _conditional(v: Token) -> bool:
    """`v` has a condition of its own: "would lift sanctions if it holds an election"."""
    c = cues()
    return any(
        ch.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in c.hypothetical_markers for g in ch.children)
        for ch in v.children
    )


# "tried to storm the embassy", "attempted to assassinate the governor": an attempt made in
# the past is an act that happened (an attempted attack is an attack), whatever its outcome;
# "will try", "is trying" and "wants to try" stay a plan or a possibility
_ATTEMPT_VERBS = {"try", "attempt"}


def _past_attempt(v: Token) -> bool:
    """`v` is a past attempt of its own: "tried", "had attempted", with no modal or
    negation on it."""
    if v.lemma_.lower() not in _ATTEMPT_VERBS or v.tag_ not in ("VBD", "VBN"):
        return False
    if v.tag_ == "VBN" and not any(ch.dep_ == "aux" and ch.lemma_ == "have" for ch in v.children):
        return False  # "an attempted coup" is no finite attempt
    return not any(ch.dep_ in ("neg", "aux") and ch.lemma_ != "have" for ch in v.children)


def _reported(v: Token) -> bool:
    c = cues()
    return v.dep_ in ("ccomp", "parataxis") and v.head.lemma_.lower() in c.reporting_verbs


def _factuality_cue(trigger: Token, verb: Token | None = None) -> tuple[str, Token | None]:
    c = cues()
    own = _own(trigger, c, True)
    if own is not None:
        return own
    cur = trigger
    if verb is not None and verb.i != trigger.i:
        v = _own(verb, c, True) or _subject_cue(verb, c)
        if v is not None:
            return v
        cur = verb
    for _ in range(8):
        dep = cur.dep_
        h = cur.head
        if h.i == cur.i or dep not in _CLIMB:
            return REALIZED, None
        if dep == "advcl" and not any(ch.lower_ == "to" and ch.dep_ == "aux" for ch in cur.children):
            # "when he met ...": a temporal clause keeps its own factuality, but "if" does not
            return REALIZED, None
        if dep == "pcomp" and h.lower_ in TIME_PREPS and h.dep_ == "prep":
            # "since meeting X, Y has pressed for ...": a temporal participle keeps its own
            return REALIZED, None
        if dep in ("ccomp", "parataxis") and h.lemma_.lower() in c.reporting_verbs:
            if h.lemma_.lower() in c.negating_verbs:  # "denied that its troops attacked"
                return NEGATED, h
            return REALIZED, None
        if dep in ("nsubj", "nsubjpass") and h.lemma_.lower() not in c.planned_verbs | c.hypothetical_verbs:
            # a nominal event as subject: "talks are expected" climbs, "the meeting saw" does not
            cue = _own(h, c, True)
            return cue if cue is not None and cue[0] in (PLANNED, HYPOTHETICAL) else (REALIZED, None)
        if dep == "conj":
            cur = h
            v = _own(h, c, True)
            if v is not None and v[0] != NEGATED:
                return v
            continue
        if _past_attempt(h):
            cur = h  # "tried to blow up the station": the attempt was made
            continue
        cue = _own(h, c, False)
        if cue is not None:
            return cue
        if dep == "dobj" and h.pos_ in ("VERB", "AUX"):
            s2 = _subject_cue(h, c)
            if s2 is not None:
                return s2
        cur = h
    return REALIZED, None


def withheld_permission(trigger: Token, cue: Token | None) -> Token | None:
    """The word by which a permission is withheld when the negation `cue` of the event at
    `trigger` belongs to a permission, not to the event's doer: "was not allowed to travel"
    (allowed), "was not granted permission to leave" (granted), "was denied permission to
    see his lawyer" (denied). The doer refused nothing: whoever withholds the permission
    refused it to them. None for any other negation ("refused to meet", "did not attack")."""
    if cue is None:
        return None
    c = cues()
    if cue.dep_ == "neg" or cue.lower_ in c.negation_words:
        head = cue.head
        return head if head.lemma_.lower() in c.permission_verbs else None
    if cue.i != trigger.i and cue.lemma_.lower() in c.negating_verbs and any(
        ch.dep_ in ("dobj", "nsubjpass", "attr") and ch.lemma_.lower() in c.permission_nouns
        for ch in cue.children
    ):
        return cue  # "was denied permission to", "refused them entry"
    return None
