"""Judgements on one candidate span of the Doc: is it a place name, given its entity label, its
neighbours and the gazetteer's candidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.where.gazetteer import Candidate
from eventwatch.where.mention import (
    MIN_CITY_POPULATION,
    MIN_EMBEDDED_POPULATION,
    Lexicon,
    _capitalised,
    _key,
    _max_pop,
    _strong,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _the_alone(doc: Doc, i: int, j: int) -> bool:
    """ "the West" ending a phrase: after "the", before no other name."""
    return i > 0 and doc[i - 1].lower_ == "the" and (j == len(doc) or not _capitalised(doc[j]))


def _before_common_noun(doc: Doc, j: int) -> bool:
    """Token j is a lower-case common noun ("Western *countries*"), not a name's next word."""
    return j < len(doc) and doc[j].pos_ == "NOUN" and not _capitalised(doc[j])


def _whole_entity(doc: Doc, i: int, j: int) -> bool:
    """Tokens [i, j) are a whole entity of the tagger's (a place it called an organisation)."""
    return doc[i].ent_iob_ == "B" and (j == len(doc) or doc[j].ent_iob_ != "I")


def _plausible_name(doc: Doc, i: int, j: int) -> bool:
    """Proper-noun tokens, not at the start of a sentence, not a stop word."""
    return all(t.pos_ == "PROPN" and not t.is_stop for t in doc[i:j]) and i != doc[i].sent.start


TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "lord",
    "lady",
    "sgt",
    "gen",
    "col",
    "capt",
    "rev",
    "prof",
    "president",
    "minister",
    "senator",
    "sen",
    "rep",
    "judge",
    "mayor",
    "coach",
}
MIN_PERSON_TOWN = 5_000  # a one-word "person" that is a town of the document's country


def _lone_name(doc: Doc, i: int) -> bool:
    """A one-word name that is not a subject, a possessor, or after a title: "in Anfield"
    rather than "Mr Hayes said"."""
    tok = doc[i]
    prev = doc[i - 1] if i > 0 else None
    if tok.dep_ in ("nsubj", "nsubjpass", "poss") or tok.i == tok.sent.start:
        return False
    return prev is None or (prev.lower_.rstrip(".") not in TITLES and prev.pos_ != "PROPN")


def _site_run(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    """A capitalised run of 2+ words ending in a facility word: "Royal Street", "Barclays Center"."""
    return end - start >= 2 and doc[end - 1].lower_ in lex.facility and _capitalised(doc[start])


def _admin_follows(doc: Doc, j: int, lex: Lexicon) -> bool:
    """ ", Oregon" / ", Fife" right after the span: a town named with its region or country."""
    if j + 1 >= len(doc) or doc[j].text != "," or not _capitalised(doc[j + 1]):
        return False
    for k in (j + 3, j + 2):
        if k <= len(doc) and all(_capitalised(t) or t.text == "." for t in doc[j + 1 : k]):
            cands = lex.gaz.lookup_key(_key(doc, j + 1, k))
            if any(c.feature in ("PCLI", "ADM1", "ADM2") for c in cands):
                return True
    return False


def _person_is_place(
    doc: Doc, start: int, end: int, cands: tuple[Candidate, ...], lex: Lexicon
) -> bool:
    """Whether a span the tagger called a person is a place: a country or region, a big city
    that is not the subject of a verb of saying, or a town after "in"/"from"/... or before
    ", Region"."""
    if _strong(cands):
        return True
    root = doc[start:end].root
    if root.dep_ == "nsubj":
        return False
    if _max_pop(cands, main_only=True) >= MIN_EMBEDDED_POPULATION:
        return True
    prev = doc[start - 1].lower_ if start > 0 else ""
    if prev in LOCATIVE_BEFORE - {"of", "to"} and _max_pop(cands) >= MIN_AFTER_PREPOSITION:
        return True
    if (
        prev == "to"
        and doc[start - 1].head.lemma_ in MOVE_LEMMAS
        and _max_pop(cands) >= MIN_AFTER_PREPOSITION
    ):
        return True  # "travelling to Cirencester"
    return _admin_follows(doc, end, lex)


LOCATIVE_BEFORE = {
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "outside",
    "inside",
    "across",
    "around",
    "of",
}
MIN_AFTER_PREPOSITION = 1_000
MOVE_LEMMAS = {
    "go",
    "travel",
    "fly",
    "drive",
    "move",
    "return",
    "head",
    "come",
    "walk",
    "sail",
    "ride",
    "relocate",
    "deploy",
    "send",
    "take",
    "bring",
    "transfer",
    "commute",
    "journey",
    "trip",
}  # "in Dewsbury": a preposition of place vouches for a small town


def _accept(doc: Doc, i: int, j: int, cands: tuple[Candidate, ...], label: str | None) -> bool:
    """Whether a gazetteer match of tokens [i, j) outside a place entity is a place mention."""
    if j - i == 1:
        tok = doc[i]
        if (tok.is_stop and not tok.text.isupper()) or tok.pos_ not in ("PROPN", "NOUN", "ADJ"):
            return False
        if len(tok.text.strip(".")) <= 3 and tok.text.isupper() or len(tok.text) < 3:
            # "US", "UK", "BC", "EU": only short names written for eventwatch
            return any(c.source.startswith("eventwatch:") or c.feature == "PCLI" for c in cands)
    if _strong(cands):
        return True
    pop = _max_pop(cands)
    prev = doc[i - 1].lower_ if i > 0 else ""
    whole_entity = label == "ORG" and _whole_entity(doc, i, j)
    if prev in LOCATIVE_BEFORE and (label is None or whole_entity):
        return pop >= MIN_AFTER_PREPOSITION
    if label == "ORG" and not whole_entity:
        # "Beverly Hills Police Department": a town's name opening an organisation's
        opens = doc[i].ent_iob_ == "B" or (
            i > 0 and doc[i - 1].ent_iob_ == "B" and doc[i - 1].lower_ == "the"
        )
        return pop >= (MIN_CITY_POPULATION if opens else MIN_EMBEDDED_POPULATION)
    if i == doc[i].sent.start and j - i == 1:
        return pop >= MIN_EMBEDDED_POPULATION
    return pop >= MIN_CITY_POPULATION
