"""Who an object pronoun cannot be: the subject of its own clause.

"Him", "her" and "them" as the object of a verb (or of a preposition under it) never name
that verb's own subject: that would be "himself". "An Islamic State member who encouraged him
to attack" is not the member encouraging himself, and "She wrote to the bishop asking him to
act" does not ask herself. The clause's subject is found through relative clauses ("who" is
the noun the clause hangs from, and a name that noun stands in apposition to: "Junaid
Hussain, a member who urged him") and through clauses with no subject of their own
("asking him", "to persuade them").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

OBJECT_PRONOUNS = frozenset({"him", "her", "them"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "pobj"})
_REL_WORDS = frozenset({"who", "whom", "that", "which"})
# clauses that take their subject from the clause above them
_BORROWING = frozenset({"xcomp", "advcl", "acl", "conj", "ccomp", "pcomp"})
_MAX_CLIMB = 4


def is_object_pronoun(tok: Token) -> bool:
    """Whether `tok` is "him", "her" or "them" as an object, not a possessive ("her letter")."""
    return tok.lower_ in OBJECT_PRONOUNS and tok.dep_ in _OBJECT_DEPS and tok.tag_ == "PRP"


def _verb_of(tok: Token) -> Token:
    """The verb (or noun) whose object `tok` is: for an object of a preposition, the word
    the preposition hangs from."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "dative", "agent"):
        return head.head
    return head


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def clause_subjects(tok: Token) -> list[Span]:
    """The spans an object pronoun `tok` cannot refer to: its clause's subject (climbing
    through clauses that borrow their subject), the noun a relative clause hangs from, and
    the name that noun describes in apposition. Empty for anything but an object pronoun."""
    if not is_object_pronoun(tok):
        return []
    doc = tok.doc
    verb = _verb_of(tok)
    subj: Token | None = None
    for _ in range(_MAX_CLIMB):
        subj = _subject(verb)
        if subj is not None or verb.head.i == verb.i:
            break
        if verb.pos_ in ("NOUN", "PROPN"):
            if verb.dep_ in ("dobj", "pobj"):
                # "sent a letter asking him": the thing speaks for whoever sent it
                verb = _verb_of(verb)
                continue
            subj = verb  # "a member urging him to ...": the member
            break
        if verb.dep_ not in _BORROWING:
            break
        verb = verb.head
    if subj is None:
        return []
    if subj.lower_ in _REL_WORDS and verb.dep_ == "relcl":
        subj = verb.head  # "a member who urged him": the member
    out = [doc[subj.left_edge.i : subj.i + 1]]
    if subj.dep_ == "appos":  # "Junaid Hussain, a member who urged him": the name too
        named = subj.head
        out.append(doc[named.left_edge.i : named.i + 1])
    elif any(c.dep_ == "appos" for c in subj.children):  # "Hussain, a member, urged him"
        out.append(doc[subj.left_edge.i : subj.i + 1])
    return out
