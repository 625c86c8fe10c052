"""Names the tagger called a person that are places after all. Towns close to the story's
other places: "Douma's defenders" in a story about Harasta, "Valemount" beside
Jasper, Alberta, "Marks Tey is cut off" near Colchester.

A surname rarely names a town within a short drive of the places a story is about, and a
person is almost always introduced with a first name or a title first: so a name is taken
as a place only when one of its towns lies within `NEAR_TOWN_KM` of a town the story already
names, when no longer person name of the document ends with it ("Willie Nelson" ... "Nelson
said"), and when it is not after a title nor the subject of a verb of saying.

And a big place opening such a name ("Seattle Seahawks") when the story names that place on
its own as well.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from eventwatch.geodesy import haversine_km
from eventwatch.where.judge import TITLES
from eventwatch.where.mention import Mention, _capitalised, _key

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventwatch.where.finder import _Finder
    from eventwatch.where.gazetteer import Candidate

NEAR_TOWN_KM = 100.0
MIN_NEAR_TOWN = 500  # cities500: every town of the gazetteer
SAYING = {"say", "tell", "add", "write", "ask", "explain", "recall", "note", "insist"}
TOWN_FEATURES = ("PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC", "PPLX", "PPLL")


def person_words(doc: Doc) -> set[str]:
    """Lower-cased words of the document's person names of two or more words: the surnames
    and first names a story has introduced."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            out.update(t.lower_ for t in ent if t.is_alpha)
    return out


def could_be_near_town(doc: Doc, start: int, end: int, introduced: set[str]) -> bool:
    """Whether span [start, end) of a person entity may still be a town (checked by distance
    later): no title before it, not a known person's name, not saying anything."""
    if end - start > 3:
        return False
    if start > 0 and doc[start - 1].lower_.rstrip(".") in TITLES:
        return False
    if end - start == 1 and doc[start].lower_ in introduced:
        return False
    root = doc[start:end].root
    return not (root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in SAYING)


def _is_town(c: object) -> bool:
    return getattr(c, "feature", "").startswith("PPL")


def promote_near(f: _Finder) -> None:
    """Take each of `f.near_only` that has a town within NEAR_TOWN_KM of a town another
    mention of the story names (by its own name, in a country most of the story's names
    point to)."""
    if not f.near_only:
        return
    votes: Counter[str] = Counter()
    for m in f.found:
        if m.candidates:
            top = max(m.candidates, key=lambda c: (c.feature == "PCLI", c.population))
            if top.country:
                votes[top.country] += 1
    if not votes:
        return
    most = max(votes.values())
    countries = {k for k, v in votes.items() if v == most}
    anchors = [
        (_key(f.doc, m.start, m.end), c)
        for m in f.found
        for c in m.candidates
        if c.main and _is_town(c) and c.country in countries
    ]
    if not anchors:
        return
    for w in f.near_only:
        if any(f.taken[k] for k in range(w.start, w.end)):
            continue
        key = _key(f.doc, w.start, w.end)
        towns = [c for c in w.candidates if _is_town(c) and c.population >= MIN_NEAR_TOWN]
        if any(
            haversine_km(c.lat, c.lon, a.lat, a.lon) <= NEAR_TOWN_KM
            for c in towns
            for k, a in anchors
            if k != key and a is not c
        ):
            f.take(Mention(w.start, w.end, w.label, w.candidates))


def promote_opening(f: _Finder) -> None:
    """Take each big place opening a name the tagger calls a person ("Seattle Seahawks",
    `f.opening`) when the story names the same place on its own too ("... in Seattle"): a
    first name that is a city's ("Austin Powers") seldom comes with that city in the story."""
    if not f.opening:
        return
    named = {  # named as a place by the tagger or a gazetteer scan, not another "person"
        _key(f.doc, m.start, m.end) for m in f.found if m.candidates and m.label != "GAZ-PERSON"
    }
    for w in f.opening:
        if not any(f.taken[w.start : w.end]) and _key(f.doc, w.start, w.end) in named:
            f.take(w)


JOINS = ("/", "-", "–", "‐")


def _towns(f: _Finder, start: int, end: int) -> list[Candidate]:
    cands = f.lex.gaz.lookup_key(_key(f.doc, start, end))
    return [c for c in cands if c.main and _is_town(c)]


def joined_towns(f: _Finder) -> None:
    """Two names joined by a slash or a hyphen with no space ("the Surfside/Garden City
    area", "the MLA for Nelson-Creston") that are towns within NEAR_TOWN_KM of each other are
    two places; the joined whole is not a name the gazetteer has."""
    doc, n = f.doc, len(f.doc)
    for k in range(1, n - 1):
        if doc[k].text not in JOINS or doc[k - 1].whitespace_ or doc[k].whitespace_:
            continue
        if not (_capitalised(doc[k - 1]) and _capitalised(doc[k + 1])):
            continue
        left = (k - 1, k)
        right = (k + 1, k + 3) if k + 2 < n and _capitalised(doc[k + 2]) else (k + 1, k + 2)
        if right[1] - right[0] == 2 and not _towns(f, *right):
            right = (k + 1, k + 2)
        if f.lex.gaz.lookup_key(_key(doc, left[0], right[1])):
            continue  # "Winston-Salem": one town's name
        a, b = _towns(f, *left), _towns(f, *right)
        if any(
            c.country == d.country and haversine_km(c.lat, c.lon, d.lat, d.lon) <= NEAR_TOWN_KM
            for c in a
            for d in b
        ):
            for s, e, cands in ((*left, a), (*right, b)):
                if not any(f.taken[s:e]):
                    f.take(Mention(s, e, "GAZ", tuple(cands)))
