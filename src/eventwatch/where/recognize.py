"""Toponym recognition: the spans of a parsed Doc that name places.

Candidates come from spaCy's GPE/LOC/FAC entities, from NORP entities that are demonyms
("Russian" -> Russia), and from gazetteer matches for capitalised spans the tagger missed or
labelled as part of an organisation ("Tunisia" in "Tunisia Football Federation"). No second
spaCy pass: everything is read off the Doc the pipeline already has.

The parts: mention.py (Mention, Lexicon, token tests), judge.py (is this span a place),
finder.py (the gazetteer look-ups over the Doc), passes.py (roads, counties, sites, datelines).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.where.finder import _Finder
from eventwatch.where.initials import find_initials
from eventwatch.where.judge import _lone_name, _person_is_place
from eventwatch.where.mention import (
    MIN_CITY_POPULATION,
    PLACE_LABELS,
    Lexicon,
    Mention,
    _capitalised,
    _key,
    _max_pop,
    _strip,
    _strong,
)
from eventwatch.where.near_names import (
    could_be_near_town,
    joined_towns,
    person_words,
    promote_near,
    promote_opening,
)
from eventwatch.where.passes import (
    _counties,
    _dateline,
    _hyphen_places,
    _junctions,
    _org_of_place,
    _premises,
    _promote_weak,
    _roads,
    _state_buildings,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Lexicon", "Mention", "mentions"]


def mentions(doc: Doc, lex: Lexicon) -> list[Mention]:
    """Every place-naming span of `doc`, in text order, not overlapping."""
    f = _Finder(doc, lex)
    _dateline(f)
    in_label: dict[int, str] = {}
    introduced = person_words(doc)
    for ent in doc.ents:
        start, end = _strip(ent)
        if start >= end or any(f.taken[start:end]):
            continue
        if ent.label_ in PLACE_LABELS:
            f.place_entity(start, end, ent.label_)
        elif ent.label_ == "NORP":
            f.demonym(start, end)
        elif ent.label_ == "PERSON":
            wider = f.variant(start, end)
            if wider is not None and (
                _strong(wider[2]) or _max_pop(wider[2]) >= MIN_CITY_POPULATION
            ):
                f.take(Mention(wider[0], wider[1], "GAZ-PERSON", wider[2]))
                continue
            cands = lex.gaz.lookup_key(_key(doc, start, end))
            if cands and _person_is_place(doc, start, end, cands, lex):
                f.take(Mention(start, end, "GAZ-PERSON", cands))
            elif not f.demonym(start, end):
                _org_of_place(f, start, end)
                for i in range(ent.start, ent.end):
                    in_label[i] = "PERSON"
                if cands and end - start == 1 and _lone_name(doc, start):
                    f.weak.append(Mention(start, end, "GAZ-PERSON", cands))
                elif cands and could_be_near_town(doc, start, end, introduced):
                    f.near_only.append(Mention(start, end, "GAZ-PERSON", cands))
        else:
            for i in range(ent.start, ent.end):
                in_label[i] = "ORG"

    _roads(f)
    _hyphen_places(f)
    _counties(f, in_label)
    i, n = 0, len(doc)
    while i < n:
        if f.taken[i] or not _capitalised(doc[i]) or in_label.get(i) == "PERSON":
            i += 1
            continue
        label = in_label.get(i)
        j = i
        while (
            j < n
            and not f.taken[j]
            and in_label.get(j) == label
            and (
                _capitalised(doc[j])
                or (doc[j].lower_ in lex.connectors and j + 1 < n and _capitalised(doc[j + 1]))
                or (  # "Democratic People's Republic of Korea", not "Derry's Altnagelvin"
                    j > i
                    and doc[j].tag_ == "POS"
                    and j + 1 < n
                    and _capitalised(doc[j + 1])
                    and not lex.gaz.lookup_key(_key(doc, i, j))
                )
            )
        ):
            j += 1
        f.scan(i, j, label)
        i = max(j, i + 1)

    _promote_weak(f)
    promote_near(f)
    promote_opening(f)
    joined_towns(f)
    find_initials(f)
    _premises(f)
    _junctions(f)
    _state_buildings(f)
    f.found.sort(key=lambda m: m.start)
    return f.found
