"""Word lists read around a trigger (data/coding/cues.yaml): factuality cues, reporting,
control and light verbs, actor nouns, pronouns and context keywords."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventwatch import yamlfile
from eventwatch.coding.ontology import DATA, ontology

_SETS = (
    "reporting_verbs", "planned_verbs", "planned_nouns", "planned_adjectives",
    "hypothetical_verbs", "hypothetical_nouns", "hypothetical_adjectives",
    "hypothetical_markers", "planned_modals", "hypothetical_modals", "negating_verbs",
    "negation_words", "object_control_verbs", "object_control_nouns", "light_verbs",
    "actor_nouns", "private_nouns", "pronouns", "commissive_words", "threat_words", "attack_words",
    "territory_words", "dispatch_verbs", "obligation_words", "permission_verbs",
    "permission_nouns", "reciprocal_verbs", "geo_feature_words", "denial_words",
)


class CuesError(ValueError):
    """cues.yaml is malformed."""


@dataclass(frozen=True)
class Cues:
    reporting_verbs: frozenset[str]
    planned_verbs: frozenset[str]
    planned_nouns: frozenset[str]
    planned_adjectives: frozenset[str]
    hypothetical_verbs: frozenset[str]
    hypothetical_nouns: frozenset[str]
    hypothetical_adjectives: frozenset[str]
    hypothetical_markers: frozenset[str]
    planned_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    negating_verbs: frozenset[str]
    negation_words: frozenset[str]
    object_control_verbs: frozenset[str]
    object_control_nouns: frozenset[str]
    light_verbs: frozenset[str]
    actor_nouns: frozenset[str]  # with the private nouns
    private_nouns: frozenset[str]
    pronouns: frozenset[str]
    commissive_words: frozenset[str]
    threat_words: frozenset[str]
    attack_words: frozenset[str]
    reciprocal_verbs: frozenset[str]
    geo_feature_words: frozenset[str]
    territory_words: frozenset[str]
    dispatch_verbs: frozenset[str]
    obligation_words: frozenset[str]
    denial_words: frozenset[str]
    permission_verbs: frozenset[str]
    permission_nouns: frozenset[str]
    context_words: dict[str, str]  # word -> context


def load(path: Path = DATA / "cues.yaml") -> Cues:
    doc = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise CuesError(f"{path}: not a mapping")
    sets: dict[str, frozenset[str]] = {}
    for name in _SETS:
        words = doc.get(name)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise CuesError(f"{path}: `{name}` must be a list of words")
        sets[name] = frozenset(w.lower() for w in words)
    sets["actor_nouns"] |= sets["private_nouns"]  # actor nouns, though no doers on their own
    known = ontology().contexts
    ctx: dict[str, str] = {}
    for context, words in (doc.get("context_words") or {}).items():
        if context not in known:
            raise CuesError(f"{path}: context_words: unknown context {context!r}")
        for w in words:
            ctx.setdefault(str(w).lower(), context)
    return Cues(**sets, context_words=ctx)


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The shared cue lists, loaded on first use."""
    return load()
