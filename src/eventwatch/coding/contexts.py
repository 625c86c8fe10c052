"""Contexts (what an event is about) and the mode/CAMEO refinements they imply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.cues import cues
from eventwatch.coding.lexicon import Entry

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# A context that settles a type's mode, with the CAMEO code that goes with it.
_MODE_BY_CONTEXT = {
    ("COOPERATE", "military"): ("military", "062"),
    ("COOPERATE", "economic"): ("economic", "061"),
    ("AID", "military"): ("military", "072"),
    ("AID", "economic"): ("economic", "071"),
    ("AID", "humanitarian"): ("humanitarian", "073"),
    ("THREATEN", "military"): ("force", "138"),
}


def contexts_for(entry: Entry, trigger: Token, obj: Span | None) -> list[str]:
    """The entry's contexts plus those named by the trigger's modifiers and its object."""
    words = cues().context_words
    out = list(entry.contexts)
    near = [ch for ch in trigger.children if ch.dep_ in ("amod", "compound", "nmod")]
    if obj is not None:
        near.extend(t for t in obj if t.dep_ in ("amod", "compound") or t.i == obj.root.i)
    for t in near:
        ctx = words.get(t.lemma_.lower()) or words.get(t.lower_)
        if ctx and ctx not in out:
            out.append(ctx)
    return out


def refine(entry: Entry, contexts: list[str]) -> tuple[str | None, str]:
    """(mode, CAMEO code) once contexts are known: "closer military ties" is military
    cooperation (062), not generic cooperation."""
    for ctx in contexts:
        hit = _MODE_BY_CONTEXT.get((entry.event_type, ctx))
        if hit and (entry.mode in (None, "diplomatic") or entry.mode == hit[0]):
            return hit
    return entry.mode, entry.cameo
