"""Recognition passes beyond the entity labels: road numbers, hyphenated place words, counties,
junctions, state buildings, premises, datelines and small towns promoted by the document's
country."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from eventwatch.where.finder import _Finder
from eventwatch.where.judge import MIN_AFTER_PREPOSITION, MIN_PERSON_TOWN
from eventwatch.where.mention import (
    _JOINERS,
    MAX_NGRAM,
    MIN_EMBEDDED_POPULATION,
    Mention,
    _capitalised,
    _key,
    _max_pop,
    _strip,
    _strong,
)
from eventwatch.where.names import name_key

if TYPE_CHECKING:
    pass


ROAD_NUMBER = re.compile(r"^[ABM][1-9]\d{0,3}(\(M\))?$")  # British road numbers: A417, M5, B4070
ROAD_BEFORE = {"the", "via", "on", "onto", "off", "along", "and", ",", "from", "to"}


def _roads(f: _Finder) -> None:
    """Road numbers ("the A30", "via the M4 and A34") in a story about roads: places
    the gazetteer lacks, left for the story's town. A number next to a road word ("A417
    southbound") always counts; after "the"/"via"/... only when the story talks of roads."""
    doc, road, lowers = f.doc, f.lex.road, f.lowers
    if not road:
        return
    about_roads: bool | None = None
    n = len(lowers)
    for i, low in enumerate(lowers):
        if len(low) > 7 or low[:1] not in ("a", "b", "m") or f.taken[i]:
            continue
        if not ROAD_NUMBER.match(doc[i].text):
            continue
        nxt = lowers[i + 1] if i + 1 < n else ""
        prev = lowers[i - 1] if i > 0 else ""
        ok = nxt in road
        if not ok and prev in ROAD_BEFORE:
            if about_roads is None:
                about_roads = any(w in road and w != "closed" for w in lowers)
            ok = about_roads
        if ok:
            f.take(Mention(i, i + 1, "ROAD", ()))
            _town_after_road(f, i + 1)


def _town_after_road(f: _Finder, start: int) -> None:
    """A town between a road number and a road word ("the A429 Cirencester junction", "the M4
    Reading interchange"): the junction is named after the town, a place whatever the tagger
    says."""
    doc = f.doc
    for end in range(min(len(doc) - 1, start + 3), start, -1):
        if f.lowers[end] not in f.lex.road or f.lowers[end] in ("closed", "traffic"):
            continue
        if any(f.taken[start:end]) or not all(_capitalised(t) for t in doc[start:end]):
            continue
        cands = f.lex.gaz.lookup_key(_key(doc, start, end))
        if any(c.feature.startswith("PPL") for c in cands):
            f.take(Mention(start, end, "GAZ", cands))
        return


def _org_of_place(f: _Finder, start: int, end: int) -> None:
    """A "person" that is an organisation named after a well-known place: the place's name,
    then an organisation's word, an acronym or a plural ("Bolton Wanderers", "Miami Herald",
    "New Brunswick RCMP"). The place is taken as embedded; first names that are places
    ("Jackson Browne") are followed by none of these."""
    doc, lex = f.doc, f.lex
    for k in range(min(end - 1, start + MAX_NGRAM), start, -1):
        cands = lex.gaz.lookup_key(_key(doc, start, k))
        if not cands or not (
            _strong(cands) or _max_pop(cands, main_only=True) >= MIN_EMBEDDED_POPULATION
        ):
            continue
        rest = doc[k]
        if (
            rest.lower_ in lex.org
            or rest.tag_ == "NNPS"
            or (len(rest.text) >= 2 and rest.text.isalpha() and rest.text.isupper())
        ):
            f.take(Mention(start, k, "GAZ-PERSON", cands, role="embedded"))
        else:  # "Seattle Seahawks": taken later if the story names Seattle as a place too
            f.opening.append(Mention(start, k, "GAZ-PERSON", cands, role="embedded"))
        return


# "U.S.-led", "US-based": a country or state opening a compound adjective
HYPHEN_SUFFIXES = {
    "based",
    "led",
    "backed",
    "funded",
    "owned",
    "made",
    "born",
    "brokered",
    "run",
    "controlled",
    "held",
    "sponsored",
    "supported",
    "registered",
    "listed",
    "headquartered",
    "allied",
    "bound",
}
_HYPHEN_WORD = re.compile(r"^(.+?)[-‐‑]([a-z]+)$")


def _hyphen_places(f: _Finder) -> None:
    """Countries and first-level divisions opening "X-based"/"X-led" words the tagger left
    out: a modifier ("the U.S.-led coalition"), not a place where something happened."""
    doc, gaz, lowers = f.doc, f.lex.gaz, f.lowers
    n = len(lowers)
    for i, low in enumerate(lowers):
        hyphenated = "-" in low or "‐" in low or "‑" in low
        joined = i + 2 < n and lowers[i + 1] in _JOINERS and lowers[i + 2] in HYPHEN_SUFFIXES
        if not (hyphenated or joined) or f.taken[i]:
            continue
        tok = doc[i]
        if not _capitalised(tok):
            continue
        m = _HYPHEN_WORD.match(tok.text)
        if m is not None and m.group(2) in HYPHEN_SUFFIXES:
            name = m.group(1)
        elif joined and not tok.whitespace_ and not doc[i + 1].whitespace_:
            name = tok.text
        else:
            continue
        cands = gaz.lookup_key(name_key(name))
        if any(c.feature in ("PCLI", "ADM1") for c in cands):
            f.take(Mention(i, i + 1, "GAZ", cands, role="modifier"))


PREMISES_BEFORE = {"at", "outside", "inside", "near"}


COUNTY_WORDS = {"county", "parish"}
JUNCTION_WORDS = {"roundabout", "junction", "interchange", "crossroads"}


def _counties(f: _Finder, in_label: dict[int, str]) -> None:
    """ "X County" naming a US county ("Cuyahoga County Executive", "HORRY COUNTY"), even
    inside a name the tagger called a person or an organisation: placed by `_county_home`."""
    doc, lex = f.doc, f.lex
    if not lex.counties:
        return
    for i, low in enumerate(f.lowers):
        if low not in COUNTY_WORDS or f.taken[i] or not _capitalised(doc[i]):
            continue
        end = i + 1
        for start in range(max(0, i - 3), i):
            if any(f.taken[start:end]) or not all(_capitalised(t) for t in doc[start:end]):
                continue
            if _key(doc, start, end) in lex.counties:
                inside = (
                    in_label.get(start) is not None
                    and end < len(doc)
                    and (in_label.get(end) == in_label.get(start))
                )
                cands = lex.gaz.lookup_key(_key(doc, start, end - 1))
                role = "embedded" if inside else "literal"
                f.take(Mention(start, end, "COUNTY", cands, role=role, notes=["area named after"]))
                break


def _junctions(f: _Finder) -> None:
    """A capitalised name before "roundabout"/"junction" ("the Air Balloon roundabout") is a
    named road junction: a site the gazetteer lacks, placed at the story's town."""
    doc = f.doc
    for i, low in enumerate(f.lowers):
        if low not in JUNCTION_WORDS or i == 0:
            continue
        end = i
        start = end
        while start > 0 and end - start < 4 and _capitalised(doc[start - 1]):
            start -= 1
        if start < end and not any(f.taken[start:end]) and doc[start].i != doc[start].sent.start:
            f.take(Mention(start, end, "SITE", ()))


def _state_buildings(f: _Finder) -> None:
    """ "the state Capitol", "the state house": a state's own building, not the national
    one the gazetteer knows by that name; a site placed at the story's town, and so is every
    other mention of that name in the story ("protesters marched on the Capitol")."""
    doc = f.doc
    state_named: set[str] = set()
    for m in f.found:
        after_state = m.start > 0 and f.lowers[m.start - 1] == "state"
        if (
            after_state
            and m.candidates
            and all(c.feature in ("GOVL", "BLDG") for c in m.candidates)
        ):
            state_named.add(_key(doc, m.start, m.end))
    if not state_named:
        return
    for m in f.found:
        if m.candidates and _key(doc, m.start, m.end) in state_named:
            m.candidates, m.label = (), "SITE"


def _premises(f: _Finder) -> None:
    """An organisation right after "at" is its premises ("a cooking class at Whole Foods",
    "a briefing at the OAS in Washington"): a site the gazetteer lacks, placed where the text
    says or at the story's town."""
    doc = f.doc
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        start, end = _strip(ent)
        if start >= end or any(f.taken[start:end]):
            continue
        k = ent.start - 1
        if k >= 0 and doc[k].lower_ == "the":
            k -= 1
        if k >= 0 and doc[k].lower_ in PREMISES_BEFORE:
            f.take(Mention(start, end, "SITE", ()))


DATELINE_DASHES = ("--", "—", "–", "-")
DATELINE_MARKS = (",", "(", *DATELINE_DASHES)
DATELINE_SENTENCES = 5


def _dateline(f: _Finder) -> None:
    """A news dateline: upper-case words opening a line, then "," or "(" or a dash
    ("PLEASANTON, Calif. --", "WASHINGTON (AP) --"), or opening one of the first sentences,
    then a dash ("LABELLE – The county board ..."), name the place the story was filed from."""
    doc, n = f.doc, len(f.doc)
    lines = [0] + [t.i + 1 for t in doc if "\n" in t.text or "\n" in t.whitespace_]
    # a dateline after a headline run into the text: "... at Town Hall. LABELLE – The board"
    sentences = [s.start for _, s in zip(range(DATELINE_SENTENCES), doc.sents, strict=False)]
    starts = [(i, True) for i in lines[:3]] + [(i, False) for i in sentences if i not in lines[:3]]
    for start, at_line in starts:
        end = start
        while end < n and end - start < 4 and doc[end].is_alpha and doc[end].text.isupper():
            end += 1
        marks = DATELINE_MARKS if at_line else DATELINE_DASHES
        if end == start or end >= n or doc[end].text not in marks:
            continue
        for e in range(end, start, -1):
            if any(f.taken[start:e]):
                continue
            cands = f.lex.gaz.lookup_key(_key(doc, start, e))
            if cands and (e - start > 1 or len(doc[start].text) > 3 or _strong(cands)):
                f.take(Mention(start, e, "DATELINE", cands))
                break


def _promote_weak(f: _Finder) -> None:
    """Accept small towns (population 1,000+) in the country most of the document's sure
    places are in: "Cirencester" in an article about Gloucestershire."""
    from collections import Counter

    votes: Counter[str] = Counter()
    for m in f.found:
        if m.candidates:
            top = max(m.candidates, key=lambda c: (c.feature == "PCLI", c.population))
            if top.country:
                votes[top.country] += 1
    if not votes or not f.weak:
        return
    country, n = votes.most_common(1)[0]
    if n < 2:
        return
    for w in f.weak:
        if any(f.taken[k] for k in range(w.start, w.end)):
            continue
        least = MIN_PERSON_TOWN if w.label == "GAZ-PERSON" else MIN_AFTER_PREPOSITION
        if any(c.main and c.country == country and c.population >= least for c in w.candidates):
            f.take(Mention(w.start, w.end, w.label, w.candidates))
