"""The tense of the clause a time expression belongs to, read from the dependency parse.

-1 past, +1 future (will/shall/going to, or a plan: "plans to send ... in October"), 0 present
or not known. Used to choose which October "in October" is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.nlp import char_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PLAN_LEMMAS = frozenset({
    "plan", "expect", "schedule", "intend", "aim", "hope", "prepare", "propose", "seek",
    "want", "agree", "vow", "pledge", "promise", "threaten", "set", "due", "likely", "poised",
    "slate", "announce", "invite", "decide", "wish", "mean", "hold", "continue",
})
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
# "would" (without "have") is the future of a past saying ("he said he would resign on
# Friday"): news reports what was said close to the published day, so the date lies ahead
REPORTED_FUTURE_AUX = frozenset({"would", "'d"})
_PAST_TAGS = frozenset({"VBD"})


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb (or auxiliary used as main verb) above `tok`, `tok` itself included."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") or (cur.tag_ in ("VBN", "VBD") and cur.dep_ != "amod"):
            return cur
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def clause_verb(root: Token) -> Token | None:
    """The verb of the clause a time expression (its root token) belongs to. A time written
    between a verb and the subject of its complement belongs to the first ("said on Thursday
    it would respond": the saying's day), whatever the parser hung it on."""
    verb = governing_verb(root)
    if verb is None or verb.dep_ not in ("ccomp", "xcomp") or verb.head is verb:
        return verb
    upper = verb.head
    subjects = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if subjects and upper.i < root.i < min(subjects):
        return upper
    return verb


def verb_tense(verb: Token) -> int:
    """-1, 0 or +1 for the clause headed by `verb`."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & FUTURE_AUX:
        return 1
    if verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children):
        return 1
    # "plans to send", "is expected to visit", "is to meet": a plan above an infinitive
    cur = verb
    for _ in range(3):
        if cur.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl") and cur.head is not cur:
            to_inf = any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
            head = cur.head
            if to_inf and (head.lemma_ in PLAN_LEMMAS or head.lemma_ == "be"):
                return 1 if verb_tense_plain(head) >= 0 or head.lemma_ in PLAN_LEMMAS else -1
            cur = head
        else:
            break
    return verb_tense_plain(verb)


MOVED_TO_LEMMAS = frozenset({
    "set", "postpone", "delay", "defer", "reschedule", "push", "move", "adjourn", "schedule",
    "slate", "plan", "extend",
})
SCHEDULE_LEMMAS = frozenset({"schedule", "plan", "slate", "expect", "due", "intend"})


def verb_tense_plain(verb: Token) -> int:
    if verb.lemma_ in SCHEDULE_LEMMAS:
        return 1  # "a June 3 hearing has been scheduled": what is planned lies ahead
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in FUTURE_AUX for a in auxes):
        return 1
    if any(a.lower_ in REPORTED_FUTURE_AUX for a in auxes) and verb.tag_ == "VB" \
            and not any(a.lemma_ == "have" for a in auxes):
        return 1
    if verb.tag_ in _PAST_TAGS or any(a.tag_ == "VBD" for a in auxes):
        return -1
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return -1
    if any(a.lower_ == "to" for a in auxes) and verb.dep_ in ("ROOT", "acl", "relcl"):
        return 1  # "Markets to remain closed until Friday", "an event to be held on ..."
    if verb.tag_ == "VBN" and not any(a.tag_ in ("VBZ", "VBP", "MD", "TO") for a in auxes):
        return -1  # "plans announced in January", "was held"; not "is held"
    return 0


def direction_at(doc: Doc, start: int, end: int) -> int:
    """The tense of the clause holding the characters [start, end) of doc.text."""
    span = char_tokens(doc, start, end)
    if span is None:
        return 0
    root = span.root
    prep = root.head
    if prep.dep_ == "prep" and prep.lower_ in ("for", "to", "until", "till") \
            and prep.head.lemma_ in MOVED_TO_LEMMAS:
        return 1  # "set for October", "postponed to March": a date still ahead
    verb = clause_verb(root)
    if verb is None:
        return 0
    return verb_tense(verb)
