"""The arbiter's view of a marked pair (coding/arbiter.py): every reading `code_pair` has of
its type, and the retyping of an event to the reading the arbiter chose."""

from __future__ import annotations

from eventwatch.coding.arbiter import PairEvidence
from eventwatch.coding.candidates import Candidate
from eventwatch.coding.event import CodedEvent
from eventwatch.coding.lexicon import Entry, lexicon
from eventwatch.coding.ontology import ontology
from eventwatch.coding.readings import dyad_reading, read_as_dyad
from eventwatch.coding.triggers import _first, _near_words


def lexicon_strength(cand: Candidate) -> float:
    """How sure the lexicon is of its entry: the entry's weight, raised when both sides were
    found and lowered when one is missing, kept in [0.05, 0.95]."""
    base = cand.entry.weight + (0.1 if cand.source and cand.target else -0.15)
    return max(0.05, min(0.95, base))


def pair_evidence(cand: Candidate, ev: CodedEvent, own_type: str, probs: dict[str, float],
                  purpose: bool = False, rule: bool = False) -> PairEvidence:
    """The arbiter's view of a pair: the lexicon's reading `ev` of candidate `cand`, the other
    lexicon entries of its trigger's lemma and the model's `probs`, all in the dyad's reading."""
    fact = ev.factuality
    entries = _lemma_entries(cand)
    read: dict[str, float] = {}
    for e in matching_entries(cand):
        r = dyad_reading(e.event_type, fact)
        t = r[0] if r is not None else e.event_type
        if t != ev.event_type:
            read[t] = max(read.get(t, 0.0), e.weight)
    return PairEvidence(
        lexicon_type=ev.event_type, own_type=own_type, strength=lexicon_strength(cand),
        weight=cand.entry.weight, kind=cand.entry.kind, probs=read_as_dyad(probs, fact),
        factuality=fact, reported=cand.reporter is not None, purpose=purpose, rule=rule,
        entry_types=read, ambiguity=max(1, len({e.event_type for e in entries})),
    )


def _lemma_entries(cand: Candidate) -> list[Entry]:
    """Every lexicon entry indexed under the trigger's lemma (verbs and phrases for a verb
    trigger, nouns for a noun), whether or not its extra words matched."""
    lex = lexicon()
    lemma = cand.trigger.lemma_.lower()
    if cand.entry.kind == "noun":
        return list(lex.nouns.get(lemma) or lex.nouns.get(cand.trigger.lower_) or [cand.entry])
    return [*lex.phrases.get(lemma, []), *lex.verbs.get(lemma, [])] or [cand.entry]


def matching_entries(cand: Candidate) -> list[Entry]:
    """The entries of the trigger's lemma that the sentence matches (their extra words, object
    and entity type are there), not only the most specific one the coder took."""
    near = None if cand.entry.kind == "noun" else _near_words(cand.trigger)
    out = [cand.entry]
    for e in _lemma_entries(cand):
        if e is not cand.entry and _first([e], cand.trigger, near) is not None:
            out.append(e)
    return out


def retype(ev: CodedEvent, etype: str, cand: Candidate) -> None:
    """Give `ev` the type the arbiter chose: the mode and CAMEO code of a lexicon entry of the
    trigger that reads so, else the type's default."""
    onto = ontology()
    entry = next((e for e in _lemma_entries(cand)
                  if e.event_type == etype and dyad_reading(etype, ev.factuality) is None), None)
    ev.event_type = etype
    ev.mode, ev.cameo = (entry.mode, entry.cameo) if entry is not None else (None, onto.types[etype].default_cameo)
    ev.quad_class, ev.goldstein = onto.quad_class(etype), onto.goldstein(ev.cameo)
