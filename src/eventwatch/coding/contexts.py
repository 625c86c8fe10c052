"""Contexts (what an event is about) and the mode/CAMEO refinements they imply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.coding.cues import cues
from eventwatch.coding.lexicon import Entry
from eventwatch.coding.ontology import ontology

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


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
    cooperation (062), not generic cooperation (the type's `context_modes` in plover.yaml)."""
    by_context = ontology().types[entry.event_type].context_modes
    for ctx in contexts:
        hit = by_context.get(ctx)
        if hit and (entry.mode in (None, "diplomatic") or entry.mode == hit[0]):
            return hit
    return entry.mode, entry.cameo
