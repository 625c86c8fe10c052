"""Toponym recognition: the spans of a parsed Doc that name places.

Candidates come from spaCy's GPE/LOC/FAC entities, from NORP entities that are demonyms
("Russian" -> Russia), and from gazetteer matches for capitalised spans the tagger missed or
labelled as part of an organisation ("Tunisia" in "Tunisia Football Federation"). No second
spaCy pass: everything is read off the Doc the pipeline already has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventwatch.where.gazetteer import Candidate, Gazetteer
from eventwatch.where.names import name_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAX_NGRAM = 7
# feature codes strong enough to accept a gazetteer-only match of a capitalised span
_STRONG_CODES = (
    "PCLI ADM1 CONT RGN OCN SEA GULF STRT STM MTS PEN ISL ISLS LK LKS DSRT SPCE NUKE PSN INSM NVB "
    "AIRB PSTB GOVL CNL ZN"
)
STRONG_FEATURES = frozenset(_STRONG_CODES.split())
MIN_CITY_POPULATION = 15_000  # for a capitalised span no entity label called a place
MIN_EMBEDDED_POPULATION = 100_000  # for a city name inside an organisation's name


@dataclass
class Mention:
    """A span of the Doc that names a place, before ranking picks one candidate.

    role: literal (a place), demonym ("Russian"), metonym ("Moscow said"), modifier
    ("Russia's president"), embedded (inside an organisation's name).
    """

    start: int  # token index
    end: int
    label: str
    candidates: tuple[Candidate, ...]
    role: str = "literal"
    demonym_of: str | None = None
    best: Candidate | None = None
    score: float = 0.0
    notes: list[str] = field(default_factory=list)


def _strip(span: Span) -> tuple[int, int]:
    """Token bounds without a leading "the" and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")
    ):
        end -= 1
    return start, end


_JOINERS = {"-", "‐", "‑", "'", "’"}


def _widen(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds grown over tokens written without a space between them and joined by
    hyphens or apostrophes: the whole of "Komsomolsk-on-Amur" or "Komsomol'sk-na-Amure"."""
    n = len(doc)
    while (
        end < n
        and not doc[end - 1].whitespace_
        and (doc[end].is_alpha or doc[end].text in _JOINERS)
    ):
        end += 1
    while end > start + 1 and doc[end - 1].text in _JOINERS:
        end -= 1
    while (
        start > 0
        and not doc[start - 1].whitespace_
        and (doc[start - 1].is_alpha or doc[start - 1].text in _JOINERS)
    ):
        start -= 1
    while start < end - 1 and doc[start].text in _JOINERS:
        start += 1
    return start, end


def _key(doc: Doc, start: int, end: int) -> str:
    return name_key(doc[start:end].text)


def _capitalised(tok: Token) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and any(ch.isalpha() for ch in t)


def _strong(cands: tuple[Candidate, ...]) -> bool:
    return any(c.feature in STRONG_FEATURES or c.source.startswith("eventwatch:") for c in cands)


def _max_pop(cands: tuple[Candidate, ...], main_only: bool = False) -> int:
    return max((c.population for c in cands if c.main or not main_only), default=0)


@dataclass
class Lexicon:
    """What recognition reads besides the Doc: the gazetteer and the word lists."""

    gaz: Gazetteer
    demonyms: dict[str, str]
    facility: set[str]
    street: set[str]
    admin: set[str]
    generic: set[str]
    connectors: set[str]  # small words inside names: "of", "de", "on" (Komsomolsk-on-Amur)
    counties: dict[str, frozenset[str]] = field(default_factory=dict)  # US county -> states
    road: set[str] = field(default_factory=set)  # words around a road number
    org: set[str] = field(default_factory=set)  # "Herald", "Wanderers": an organisation's word

    def __post_init__(self) -> None:
        self.never_alone = self.generic | self.facility | self.admin


class _Finder:
    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc, self.lex = doc, lex
        self.taken = [False] * len(doc)
        self.lowers = [t.lower_ for t in doc]  # one pass over the Doc for the word-list checks
        self.found: list[Mention] = []
        self.weak: list[Mention] = []  # small towns turned down for size alone

    def take(self, m: Mention) -> None:
        for i in range(m.start, m.end):
            self.taken[i] = True
        self.found.append(m)

    def demonym(self, start: int, end: int) -> bool:
        dem = self.lex.demonyms.get(_key(self.doc, start, end))
        if dem is None:
            return False
        self.take(Mention(start, end, "NORP", (), role="demonym", demonym_of=dem))
        return True

    def variant(self, start: int, end: int) -> tuple[int, int, tuple[Candidate, ...]] | None:
        """The span widened to the whole hyphenated word ("Komsomolsk" -> "Komsomolsk-on-Amur")
        and/or to a following area word ("Amur" -> "Amur region"), when the gazetteer knows it."""
        doc, lex = self.doc, self.lex
        ws, we = _widen(doc, start, end)
        spans = [(ws, we)] if (ws, we) != (start, end) else []
        for s0, e0 in [*spans, (start, end)]:
            if e0 < len(doc) and doc[e0].lower_ in lex.admin:
                spans.insert(0 if s0 == ws and e0 == we else len(spans), (s0, e0 + 1))
        # one more capitalised word before or after: "Baja" + "California", "Cape" + "Peron"
        if (
            start > 0
            and _capitalised(doc[start - 1])
            and not doc[start - 1].is_stop
            and doc[start - 1].i != doc[start - 1].sent.start
        ):
            spans.append((start - 1, end))
        if end < len(doc) and _capitalised(doc[end]) and doc[end].pos_ == "PROPN":
            # two words more first: "U.S." + "Virgin Islands"
            if end + 1 < len(doc) and _capitalised(doc[end + 1]) and doc[end + 1].pos_ == "PROPN":
                spans.append((start, end + 2))
            spans.append((start, end + 1))
        for s0, e0 in spans:
            if any(self.taken[k] for k in range(s0, e0)):
                continue
            cands = lex.gaz.lookup_key(_key(doc, s0, e0))
            if cands:
                return s0, e0, cands
        return None

    def place_entity(self, start: int, end: int, label: str) -> None:
        doc, lex = self.doc, self.lex
        wider = self.variant(start, end)
        if wider is not None:
            self.take(Mention(wider[0], wider[1], label, wider[2]))
            return
        cands = lex.gaz.lookup_key(_key(doc, start, end))
        if not cands and end - start == 1:  # "Qamishli", GeoNames' "Al Qamishli"
            cands = lex.gaz.lookup(doc[start].text)
        if cands and not (end - start == 1 and doc[start].lower_ in lex.never_alone):
            self.take(Mention(start, end, label, cands))
            return
        if self.demonym(start, end):
            return
        last = doc[end - 1].lower_
        if end - start >= 2 and last in lex.admin:
            base = lex.gaz.lookup_key(_key(doc, start, end - 1))
            if base:
                self.take(Mention(start, end, label, base, notes=["area named after"]))
                return
        if end - start >= 2 and last in lex.facility:
            self.take(self.site(start, end))
            return
        before = len(self.found)
        self.scan(start, end, label=None, demonyms=False)
        if len(self.found) == before:
            self.take(Mention(start, end, label, ()))  # a place the gazetteer lacks

    def site(self, start: int, end: int) -> Mention:
        """A named site ("Manila Cathedral", "Barclays Center"): placed at the town it is named
        after when that is a big place and the site is not a street, else left for the
        document's focus."""
        doc, lex = self.doc, self.lex
        if doc[end - 1].lower_ not in lex.street:
            for j in range(min(end - 1, start + MAX_NGRAM), start, -1):
                cands = lex.gaz.lookup_key(_key(doc, start, j))
                if cands and (
                    _strong(cands) or _max_pop(cands, main_only=True) >= MIN_EMBEDDED_POPULATION
                ):
                    return Mention(start, end, "SITE", cands, role="embedded")
        for j in (start + 2, start + 1):  # "British Embassy": the country it belongs to
            street = doc[end - 1].lower_ in lex.street
            dem = lex.demonyms.get(_key(doc, start, j)) if j < end and not street else None
            if dem is not None:
                return Mention(start, j, "NORP", (), role="demonym", demonym_of=dem)
        return Mention(start, end, "SITE", ())

    def scan(self, start: int, end: int, label: str | None, demonyms: bool = True) -> None:
        """Longest-first gazetteer matches of capitalised n-grams in tokens [start, end)."""
        doc, lex = self.doc, self.lex
        if (
            label != "PERSON"
            and _site_run(doc, start, end, lex)
            and not any(self.taken[start:end])
            and not lex.gaz.lookup_key(_key(doc, start, end))
        ):
            self.take(self.site(start, end))  # "Lantern Theatre", "Harbour Academy"
            return
        i = start
        while i < end:
            if self.taken[i] or not _capitalised(doc[i]):
                i += 1
                continue
            matched = False
            wider = self.variant(i, i + 1)
            if (
                wider is not None
                and wider[1] > i + 1
                and (_strong(wider[2]) or _max_pop(wider[2]) >= MIN_CITY_POPULATION)
            ):
                self.take(Mention(wider[0], wider[1], "GAZ", wider[2]))
                i = wider[1]
                continue
            for j in range(min(end, i + MAX_NGRAM), i, -1):
                if not _capitalised(doc[j - 1]) or any(self.taken[k] for k in range(i, j)):
                    continue
                if j - i == 1 and doc[i].lower_ in lex.never_alone:
                    # "Western governments": a word never a place alone can be a demonym
                    if (
                        demonyms
                        and (_before_common_noun(doc, j) or _the_alone(doc, i, j))
                        and self.demonym(i, j)
                    ):
                        i, matched = j, True
                        break
                    continue
                cands = lex.gaz.lookup_key(_key(doc, i, j))
                if not cands and j - i == 1:  # "Qamishli", GeoNames' "Al Qamishli"
                    cands = lex.gaz.lookup(doc[i].text)
                nxt = doc[j].lower_ if j < len(doc) and _capitalised(doc[j]) else ""
                if (
                    cands
                    and nxt in lex.admin
                    and (label is None or _strong(cands) or _max_pop(cands) >= MIN_CITY_POPULATION)
                ):
                    self.take(Mention(i, j + 1, "GAZ", cands, notes=["area named after"]))
                    i, matched = j + 1, True
                    break
                if cands and nxt in lex.facility and label != "ORG":
                    self.take(Mention(i, j + 1, "GAZ", ()))  # "Atlantic Avenue": a site, not X
                    i, matched = j + 1, True
                    break
                # "Hatch" in "Brands Hatch": a small town's name inside a longer name is not it
                if (
                    cands
                    and i > start
                    and not _strong(cands)
                    and _max_pop(cands) < MIN_EMBEDDED_POPULATION
                ):
                    cands = ()
                if cands and (
                    _accept(doc, i, j, cands, label)
                    or (label is None and _admin_follows(doc, j, lex))
                ):
                    role = "embedded" if label == "ORG" else "literal"
                    self.take(
                        Mention(i, j, "GAZ" if label is None else f"GAZ-{label}", cands, role=role)
                    )
                    i, matched = j, True
                    break
                if demonyms and j - i <= 2 and self.demonym(i, j):
                    i, matched = j, True
                    break
                if (
                    cands
                    and (label is None or _whole_entity(doc, i, j))
                    and _plausible_name(doc, i, j)
                    and not any(w.start < j and i < w.end for w in self.weak)
                ):
                    self.weak.append(Mention(i, j, "GAZ-WEAK", cands))
            if not matched:
                i += 1


def mentions(doc: Doc, lex: Lexicon) -> list[Mention]:
    """Every place-naming span of `doc`, in text order, not overlapping."""
    f = _Finder(doc, lex)
    _dateline(f)
    in_label: dict[int, str] = {}
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
            )
        ):
            j += 1
        f.scan(i, j, label)
        i = max(j, i + 1)

    _promote_weak(f)
    _premises(f)
    _junctions(f)
    _state_buildings(f)
    f.found.sort(key=lambda m: m.start)
    return f.found


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


def _dateline(f: _Finder) -> None:
    """A news dateline: upper-case words opening a line, then "," or "(" ("PLEASANTON,
    Calif. --", "WASHINGTON (AP) --") name the place the story was filed from."""
    doc, n = f.doc, len(f.doc)
    starts = [0] + [t.i + 1 for t in doc if "\n" in t.text or "\n" in t.whitespace_]
    for start in starts[:3]:
        end = start
        while end < n and end - start < 4 and doc[end].is_alpha and doc[end].text.isupper():
            end += 1
        if end == start or end >= n or doc[end].text not in (",", "(", "--", "—", "-"):
            continue
        for e in range(end, start, -1):
            if any(f.taken[start:e]):
                continue
            cands = f.lex.gaz.lookup_key(_key(doc, start, e))
            if cands and (e - start > 1 or len(doc[start].text) > 3 or _strong(cands)):
                f.take(Mention(start, e, "DATELINE", cands))
                break


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
