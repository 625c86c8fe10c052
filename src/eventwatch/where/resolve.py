"""Toponym resolution: pick one candidate per mention, and say what role the mention plays.

Each candidate gets a prior (feature type, population, own name or alternate) and then
context: the countries the article is about (its actors'), the countries and regions of the
other mentions in the document, a qualifier right after the name ("Springfield, Illinois"),
and closeness to the places already settled. Two passes: unambiguous mentions first, the
rest against them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from eventwatch.where.gazetteer import Candidate, Gazetteer
from eventwatch.where.recognize import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

FEATURE_PRIOR = {
    "PCLI": 11.0,
    "CONT": 10.0,
    "OCN": 9.0,
    "ADM1": 9.0,
    "RGN": 7.5,
    "SEA": 8.0,
    "GULF": 7.5,
    "PPLC": 7.5,
    "PEN": 7.5,
    "ISLS": 7.0,
    "ISL": 6.5,
    "MTS": 7.0,
    "STM": 6.0,
    "STRT": 7.0,
    "ADM2": 7.0,
}
PROJECT_PRIOR = 8.0
FAME_WEIGHT = 1.5  # per decade of names a place is known by (Venice, Italy over Venice, Florida)  # a place written for eventwatch is there because news names it
SEAT_FEATURES = {"GOVL"}
SPEECH_LEMMAS = {
    "say",
    "tell",
    "announce",
    "state",
    "claim",
    "deny",
    "warn",
    "urge",
    "call",
    "accuse",
    "condemn",
    "insist",
    "report",
    "confirm",
    "reveal",
    "declare",
    "threaten",
    "demand",
    "want",
    "plan",
    "agree",
    "reject",
    "respond",
    "reply",
    "believe",
    "argue",
    "vow",
    "pledge",
    "refuse",
    "decide",
    "hope",
    "expect",
    "sanction",
    "recognize",
    "recognise",
    "criticize",
    "criticise",
    "welcome",
    "praise",
    "blame",
    "ask",
    "seek",
    "offer",
    "propose",
    "support",
    "oppose",
    "send",
    "sign",
    "impose",
    "invite",
    "host",
    "accept",
    "approve",
    "allow",
    "order",
}
NEAR_KM = 400.0
MAX_CANDIDATES = 25  # context decides among the best few by prior, not among fifty hamlets
NEAR_WEIGHT = 1.0
DOC_COUNTRY_WEIGHT = 5.0
DOC_ADMIN1_WEIGHT = 1.5
ADMIN_FEATURES = {"PCLI", "ADM1", "ADM2"}
AREA_FEATURES = ADMIN_FEATURES | {"RGN"}
# "central Washington", "northern Georgia": a part of an area, not of a town
AREA_PART_WORDS = {
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "upstate",
    "downstate",
    "rural",
}
AREA_PART_BONUS = 3.0
SIBLING_BONUS = 2.5
SAME_KIND_SIBLING_BONUS = 4.5  # "California or Washington": a state among states
ADM1_HOME_WEIGHT = 4.0  # a state whose towns the document names ("Tacoma ... Washington")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _nearest_km(c: Candidate, points: set[tuple[float, float]]) -> float:
    """Distance to the nearest other settled place (an equirectangular estimate, close
    enough under NEAR_KM); a candidate is not near itself."""
    best = 1e9
    k = math.cos(math.radians(c.lat))
    for lat, lon in points:
        if lat == c.lat and lon == c.lon:
            continue
        dlat = lat - c.lat
        if abs(dlat) > 4.0:  # more than ~440 km apart north-south: not near
            continue
        dlon = (lon - c.lon + 180.0) % 360.0 - 180.0
        d = 111.2 * math.hypot(dlat, dlon * k)
        if d < best:
            best = d
    return best


@lru_cache(maxsize=500_000)
def prior(c: Candidate) -> float:
    """How likely a candidate is before reading the document."""
    if c.source.startswith("eventwatch:"):
        base = max(PROJECT_PRIOR, FEATURE_PRIOR.get(c.feature, 0.0))
    elif not c.main and c.feature.startswith("PPL"):
        base = 0.0  # a town known by this name only as an alternate: its rank does not carry over
    else:
        base = FEATURE_PRIOR.get(c.feature, 0.0)
    score = max(base, math.log10(c.population + 1)) + 0.15 * math.log10(c.population + 1)
    score += FAME_WEIGHT * math.log10(c.names_known + 1)
    if c.feature == "PPLC" and c.main:
        score += 1.0
    if not c.main and not c.source.startswith("eventwatch:"):
        score -= 1.0
    return score


# a town only known by this name as an alternate, when another town has it as its own
# ("Southold" is an alternate of South Bend's, and the own name of a Long Island town)
ALT_NAME_PENALTY = 2.5


def _priors(cands: tuple[Candidate, ...]) -> dict[Candidate, float]:
    own = any(c.main or c.source.startswith("eventwatch:") for c in cands)
    return {
        c: prior(c)
        - (
            ALT_NAME_PENALTY
            if own and not c.main and not c.source.startswith("eventwatch:")
            else 0.0
        )
        for c in cands
    }


def _demonym_place(gaz: Gazetteer, target: str) -> Candidate | None:
    """The place a demonym names: a country by ISO alpha-3 code, else a place by name."""
    if len(target) == 3 and target.isupper():
        return gaz.country(target)
    cands = gaz.lookup(target)
    return max(cands, key=prior) if cands else None


def resolve(doc: Doc, found: list[Mention], gaz: Gazetteer, countries: Iterable[str] = ()) -> None:
    """Fill `best`, `score` and `role` of every mention in place."""
    actor_countries = set(countries)
    for m in found:
        if m.role == "demonym" and m.demonym_of:
            m.best = _demonym_place(gaz, m.demonym_of)
            m.score = 1.0

    # pass 1: priors only; settle mentions whose best prior is far ahead
    doc_countries: Counter[str] = Counter()
    anchors: list[Candidate] = []
    settled: dict[int, Candidate] = {}  # pass-1 choices, which must not vote for themselves
    for m in found:
        if m.best is not None or not m.candidates:
            if m.best is not None and m.best.country:
                doc_countries[m.best.country] += 1
            continue
        pri = _priors(m.candidates)
        ranked = sorted(m.candidates, key=pri.__getitem__, reverse=True)
        top = ranked[0]
        margin = pri[top] - pri[ranked[1]] if len(ranked) > 1 else 99.0
        if margin >= 2.0:
            m.best, m.score = top, pri[top]
            settled[id(m)] = top
            if top.country:
                doc_countries[top.country] += 1
            if top.feature not in ("PCLI", "CONT", "OCN", "RGN"):
                anchors.append(top)

    # pass 2: everything against the document's context
    total = sum(doc_countries.values()) or 1
    top_share = max(doc_countries.values(), default=0) / total
    doc_admin1: Counter[tuple[str, str]] = Counter()
    for m in found:
        if m.best is not None and m.best.admin1 and m.best.country and m.best.feature != "PCLI":
            doc_admin1[(m.best.country, m.best.admin1)] += 1
    admin1_total = sum(doc_admin1.values()) or 1
    by_root = {doc[m.start : m.end].root.i: m for m in found}
    anchor_points = {(a.lat, a.lon) for a in anchors}
    for idx, m in enumerate(found):
        if not m.candidates or (m.best is not None and m.role == "demonym"):
            continue
        if len(m.candidates) == 1:  # nothing to choose between
            m.best, m.score = m.candidates[0], prior(m.candidates[0])
            continue
        qualifier = _qualifier(doc, m, found, idx)
        qualifies = idx > 0 and found[idx - 1].end + 1 == m.start and doc[m.start - 1].text == ","
        sibling_features = _sibling_features(doc, m, by_root)
        area_part = m.start > 0 and doc[m.start - 1].lower_ in AREA_PART_WORDS
        best, best_score = None, -1e9
        pri = _priors(m.candidates)
        shortlist = sorted(m.candidates, key=pri.__getitem__, reverse=True)[:MAX_CANDIDATES]
        own = settled.get(id(m))
        own_country = own.country if own is not None else None
        own_admin1 = (
            (own.country, own.admin1) if own is not None and own.feature != "PCLI" else None
        )
        n_countries = max(1, total - (1 if own_country else 0))
        n_admin1 = max(1, admin1_total - (1 if own_admin1 and own_admin1[1] else 0))
        for c in shortlist:
            s = pri[c]
            if c.country and c.country in actor_countries:
                s += 1.5
            if c.country:
                votes = doc_countries.get(c.country, 0) - (c.country == own_country)
                s += DOC_COUNTRY_WEIGHT * votes / n_countries
            else:  # oceans, continents, world regions: no country to agree or disagree with
                s += DOC_COUNTRY_WEIGHT * top_share
            if c.admin1 and c.country:
                votes = doc_admin1.get((c.country, c.admin1), 0) - (
                    (c.country, c.admin1) == own_admin1
                )
                s += DOC_ADMIN1_WEIGHT * votes / n_admin1
            if qualifier is not None and _inside(c, qualifier):
                s += 8.0
            if qualifies and c.feature in ADMIN_FEATURES:
                s += 3.0
            if c.feature in sibling_features:
                s += SAME_KIND_SIBLING_BONUS if c.feature == "ADM1" else SIBLING_BONUS
            if area_part and c.feature in AREA_FEATURES:
                s += AREA_PART_BONUS
            if c.feature == "ADM1" and c.country and c.admin1:
                home = doc_admin1.get((c.country, c.admin1), 0) - (
                    (c.country, c.admin1) == own_admin1
                )
                s += ADM1_HOME_WEIGHT * home / n_admin1
            if anchor_points and c.feature not in ("PCLI", "CONT", "OCN"):
                near = _nearest_km(c, anchor_points)
                if near < NEAR_KM:
                    s += NEAR_WEIGHT * (1 - near / NEAR_KM)
            if s > best_score:
                best, best_score = c, s
        m.best, m.score = best, best_score

    for m in found:
        if m.role == "literal" and m.best is not None:
            m.role = _role(doc, m)


def _qualifier(doc: Doc, m: Mention, found: list[Mention], idx: int) -> Candidate | None:
    """The country or first-level division named right after ", " (Springfield, Illinois)."""
    if idx + 1 < len(found):
        nxt = found[idx + 1]
        if nxt.start == m.end + 1 and doc[m.end].text == "," and nxt.candidates:
            admin = [c for c in nxt.candidates if c.feature in ADMIN_FEATURES]
            if admin:
                return max(admin, key=prior)
    return None


def _sibling_features(doc: Doc, m: Mention, by_root: dict[int, Mention]) -> set[str]:
    """Feature codes of the settled places coordinated with this one ("Ohio and Texas").
    `by_root`: the mentions by the token index of their syntactic root."""
    head = doc[m.start : m.end].root
    linked: list[int] = [c.i for c in head.children if c.dep_ == "conj"]
    if head.dep_ == "conj":
        linked.append(head.head.i)
        linked.extend(c.i for c in head.head.children if c.dep_ == "conj" and c.i != head.i)
    out: set[str] = set()
    for i in linked:
        other = by_root.get(i)
        if other is None or other is m or other.best is None or other.role == "demonym":
            continue
        if other.best.feature in ADMIN_FEATURES | {"PPL", "PPLC"}:
            out.add(other.best.feature)
    return out


def _inside(c: Candidate, region: Candidate) -> bool:
    if region.feature == "PCLI":
        return c.country == region.country and c is not region
    if c.admin1 and region.admin1:
        return c.admin1 == region.admin1 and c.country == region.country
    return c.country == region.country and haversine_km(c.lat, c.lon, region.lat, region.lon) < 600


def _role(doc: Doc, m: Mention) -> str:
    """literal, metonym ("Moscow said", "according to the Kremlin") or modifier ("Russia's
    president"). Only countries, capitals and seats of power are read as metonyms."""
    best = m.best
    if best is None:
        return m.role
    head = doc[m.start : m.end].root
    political = best.feature in ("PCLI", "PPLC") or best.feature in SEAT_FEATURES
    if not political:
        return m.role
    dep = head.dep_
    if dep == "nsubj" and head.head.pos_ in ("VERB", "AUX"):
        return "metonym"
    if dep == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according":
        return "metonym"
    if dep == "pobj" and head.head.lower_ == "by" and head.head.dep_ == "agent":
        return "metonym"
    if dep == "poss":
        owner = head.head
        if owner.ent_type_ not in ("GPE", "LOC", "FAC"):
            return "modifier"
    if dep in ("compound", "amod", "nmod") and head.head.ent_type_ not in ("GPE", "LOC", "FAC"):
        return "modifier"
    return m.role
