"""Toponym resolution: pick one candidate per mention, and say what role the mention plays.

Each candidate gets a prior (feature type, population, own name or alternate) and then
context: the countries the article is about (its actors'), the countries and regions of the
other mentions in the document, a qualifier right after the name ("Springfield, Illinois"),
and closeness to the places already settled. Two passes: unambiguous mentions first, the
rest against them.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from eventwatch.where.gazetteer import Candidate, Gazetteer
from eventwatch.where.names import name_key
from eventwatch.where.rank_features import (
    ADMIN_FEATURES,
    RankContext,
    candidate_features,
    colocation,
    haversine_km,
    local_namesake_area,
)
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
AREA_POP_LIFT = 1.5  # a division's prior over a town's of the same population
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
NAME_ENTITIES = {"ORG", "PERSON", "EVENT", "PRODUCT", "WORK_OF_ART"}  # not places
PLACE_ENTITIES = {"GPE", "LOC", "FAC", "NORP"}  # a place or demonym after a name: no longer name
MAX_CANDIDATES = 25  # context decides among the best few by prior, not among fifty hamlets
NEAR_WEIGHT = 1.0
DOC_COUNTRY_WEIGHT = 5.0
DOC_ADMIN1_WEIGHT = 1.5
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
# of namesake divisions (the Montgomery Counties), the one the story's other places point to
LOCAL_AREA_WEIGHT = 3.0
COLOCATED_WEIGHT = 2.0  # LaFayette beside Chattanooga: the Georgia town
EMB_DOC_COUNTRY_WEIGHT = -DOC_COUNTRY_WEIGHT  # a name only inside a body's: no home advantage
ADM1_HOME_WEIGHT = 4.0  # a state whose towns the document names ("Tacoma ... Washington")


@lru_cache(maxsize=500_000)
def prior(c: Candidate) -> float:
    """How likely a candidate is before reading the document."""
    if c.source.startswith("eventwatch:"):
        base = max(PROJECT_PRIOR, FEATURE_PRIOR.get(c.feature, 0.0))
    elif not c.main and c.feature.startswith("PPL"):
        base = 0.0  # a town known by this name only as an alternate: its rank does not carry over
    elif c.feature in ("ADM1", "ADM2"):
        # a GeoNames division ranks by how many live in it: Tamil Nadu as a state, a parish
        # of Bermuda called Southampton below the English city
        base = min(FEATURE_PRIOR[c.feature], math.log10(c.population + 1) + AREA_POP_LIFT)
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


# a division or city-state named after the town it lies around ("Hamburg", "Dubai", "Baikonur"
# are also GeoNames ADM1s): the name means the town unless the document says otherwise
AREA_TOWN_KM = 60.0
AREA_TOWN_PENALTY = 3.0


def _priors(cands: tuple[Candidate, ...]) -> dict[Candidate, float]:
    own = any(c.main or c.source.startswith("eventwatch:") for c in cands)
    towns = [c for c in cands if c.main and c.feature.startswith("PPL")]
    out = {}
    for c in cands:
        p = prior(c)
        if own and not c.main and not c.source.startswith("eventwatch:"):
            p -= ALT_NAME_PENALTY
        if _named_after_town(c, towns):
            p -= AREA_TOWN_PENALTY
        out[c] = p
    return out


def _named_after_town(c: Candidate, towns: list[Candidate]) -> bool:
    """An ADM1/ADM2 from GeoNames (not written for eventwatch) with a town of the same name
    near its middle."""
    if c.feature not in ("ADM1", "ADM2") or c.source.startswith("eventwatch:"):
        return False
    return any(
        t.country == c.country and haversine_km(c.lat, c.lon, t.lat, t.lon) <= AREA_TOWN_KM
        for t in towns
    )


RANKER_PATH = Path(__file__).resolve().parents[1] / "data" / "where" / "ranker.json"
# The hand-set weights the ranker replaced; with them the ranking is the one before it was
# learned (scripts/train_toponym_ranker.py starts from them and reports both).
HAND_WEIGHTS: dict[str, float] = {
    "prior": 1.0,
    "actor_country": 1.5,
    "doc_country": DOC_COUNTRY_WEIGHT,
    "no_country_share": DOC_COUNTRY_WEIGHT,
    "doc_admin1": DOC_ADMIN1_WEIGHT,
    "qualifier_inside": 8.0,
    "qualified_admin": 3.0,
    "sibling": SIBLING_BONUS,
    "sibling_adm1": SAME_KIND_SIBLING_BONUS,
    "area_part": AREA_PART_BONUS,
    "adm1_home": ADM1_HOME_WEIGHT,
    "near": NEAR_WEIGHT,
    "local_area": LOCAL_AREA_WEIGHT,
    "emb_doc_country": EMB_DOC_COUNTRY_WEIGHT,
    "colocated": COLOCATED_WEIGHT,
}
_weights_override: dict[str, float] | None = None
# Called with (mention, candidate, features) for every scored candidate: how the training
# script sees what the ranker sees. None in normal use.
_observer: Callable[[Mention, Candidate, dict[str, float]], None] | None = None


@lru_cache(maxsize=1)
def _shipped_weights() -> dict[str, float]:
    try:
        data = json.loads(RANKER_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return dict(HAND_WEIGHTS)
    weights = data.get("weights")
    if not isinstance(weights, dict) or not all(
        isinstance(v, int | float) for v in weights.values()
    ):
        raise ValueError(f"{RANKER_PATH}: 'weights' must map feature names to numbers")
    return {str(k): float(v) for k, v in weights.items()}


def ranker_weights() -> dict[str, float]:
    """The toponym ranker's weights: data/where/ranker.json (fitted by
    scripts/train_toponym_ranker.py), else the hand-set ones."""
    return _weights_override if _weights_override is not None else _shipped_weights()


def use_weights(weights: dict[str, float] | None) -> None:
    """Rank with `weights` from now on in this process (None: the shipped ones again).
    For training and cross-validation."""
    global _weights_override
    _weights_override = weights


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
    top_country = doc_countries.most_common(1)[0][0] if doc_countries else None
    keys = [name_key(doc[m.start : m.end].text) for m in found]
    shortlists: dict[int, tuple[Candidate, ...]] = {}
    pris: dict[int, dict[Candidate, float]] = {}
    for m in found:
        if m.candidates and not (m.best is not None and m.role == "demonym"):
            pris[id(m)] = _priors(m.candidates)
            shortlists[id(m)] = tuple(
                sorted(m.candidates, key=pris[id(m)].__getitem__, reverse=True)[:MAX_CANDIDATES]
            )
    support = (  # only worked out where it counts: weighted, or seen by the training script
        colocation(
            [
                (k, shortlists[id(m)])
                for k, m in zip(keys, found, strict=True)
                if id(m) in shortlists
            ]
        )
        if ranker_weights().get("colocated")
        or ranker_weights().get("local_area")
        or _observer is not None
        else {}
    )
    sentence_of = [doc[m.start].sent.start for m in found]
    dateline = _dateline_admin1(doc, found)
    # a name only ever read inside longer names ("Cambridge Analytica" twice, never alone)
    named_alone = {k for k, m in zip(keys, found, strict=True) if not in_longer_name(doc, m)}
    for idx, m in enumerate(found):
        if id(m) not in shortlists:
            continue
        if len(m.candidates) == 1:  # nothing to choose between
            m.best, m.score = m.candidates[0], prior(m.candidates[0])
            continue
        qualifier = _qualifier(doc, m, found, idx)
        qualifies = idx > 0 and found[idx - 1].end + 1 == m.start and doc[m.start - 1].text == ","
        sibling_features = _sibling_features(doc, m, by_root)
        area_part = m.start > 0 and doc[m.start - 1].lower_ in AREA_PART_WORDS
        best, best_score = None, -1e9
        pri = pris[id(m)]
        shortlist = shortlists[id(m)]
        own = settled.get(id(m))
        own_country = own.country if own is not None else None
        own_admin1 = (
            (own.country, own.admin1) if own is not None and own.feature != "PCLI" else None
        )
        n_countries = max(1, total - (1 if own_country else 0))
        n_admin1 = max(1, admin1_total - (1 if own_admin1 and own_admin1[1] else 0))
        sentence_countries = {
            o.best.country
            for j, o in enumerate(found)
            if j != idx
            and sentence_of[j] == sentence_of[idx]
            and o.best is not None
            and o.best.country
            and keys[j] != keys[idx]
        }
        ctx = RankContext(
            actor_countries=actor_countries,
            doc_countries=doc_countries,
            doc_admin1=doc_admin1,
            own_country=own_country,
            own_admin1=own_admin1,
            n_countries=n_countries,
            n_admin1=n_admin1,
            top_share=top_share,
            qualifier=qualifier,
            qualifies=qualifies,
            sibling_features=sibling_features,
            area_part=area_part,
            anchor_points=anchor_points,
            mention_key=keys[idx],
            embedded=keys[idx] not in named_alone,
            dateline_admin1=dateline,
            sentence_countries=sentence_countries,
            top_country=top_country,
            colocated=support.get(keys[idx], {}),
            best_prior=pri[shortlist[0]],
            best_log_pop=max(math.log10(c.population + 1) for c in shortlist),
            local_area=local_namesake_area(
                shortlist, keys[idx], doc_admin1, support.get(keys[idx], {})
            ),
        )
        weights = ranker_weights()
        for rank, c in enumerate(shortlist):
            feats = candidate_features(c, pri[c], rank, ctx)
            if _observer is not None:
                _observer(m, c, feats)
            s = sum(weights.get(k, 0.0) * v for k, v in feats.items())
            if s > best_score:
                best, best_score = c, s
        m.best, m.score = best, best_score

    for m in found:
        if m.role == "literal" and m.best is not None:
            m.role = _role(doc, m)


def _dateline_admin1(doc: Doc, found: list[Mention]) -> tuple[str, str] | None:
    """The first-level division the story was filed from: the division named after its
    dateline ("CAMP MURRAY, Wash. -"), else the dateline's own when it is one."""
    for idx, m in enumerate(found):
        if m.label != "DATELINE":
            continue
        place = m.best if m.best is not None and m.best.feature == "ADM1" else None
        for nxt in found[idx + 1 : idx + 3]:  # "CAMP MURRAY, Wash.": the dateline read short
            if (
                nxt.start <= m.end + 4
                and doc[nxt.start - 1].text == ","
                and nxt.best is not None
                and nxt.best.feature == "ADM1"
            ):
                place = nxt.best
                break
        if place is None or not place.country or not place.admin1:
            return None
        return (place.country, place.admin1)
    return None


def in_longer_name(doc: Doc, m: Mention) -> bool:
    """Whether the mention is part of a longer name: the organisation's or person's entity
    it is in goes on past it, or a capitalised word that is no place or demonym follows
    ("Cambridge Analytica", "the Venice Commission"). A lone name the tagger calls a person
    ("Nelson said") is not."""
    if m.role == "embedded":
        return True
    first = doc[m.start]
    if first.ent_type_ in NAME_ENTITIES and (
        first.ent_iob_ == "I" or (m.end < len(doc) and doc[m.end].ent_iob_ == "I")
    ):
        return True
    if m.end >= len(doc):
        return False
    nxt = doc[m.end]  # a capitalised word that is no place: "Cambridge Analytica", tagged apart
    return nxt.pos_ == "PROPN" and nxt.ent_type_ not in PLACE_ENTITIES and nxt.text[:1].isupper()


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
