"""The toponym ranker's features: what the document says about one candidate of one mention.

resolve.py builds one `RankContext` per mention and scores each of its candidates as the dot
product of `candidate_features` with the ranker's weights (fitted by
scripts/train_toponym_ranker.py). Every feature is a number; absent means 0.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from eventwatch.geodesy import haversine_km
from eventwatch.where.gazetteer import Candidate
from eventwatch.where.names import name_key

NEAR_KM = 400.0
COLOCATED_KM = 150.0  # another name of the document has a candidate this close: support
COLOCATED_TOP = 5  # of each other name, only its few likeliest candidates can support
ADMIN_FEATURES = {"PCLI", "ADM1", "ADM2"}
AREA_FEATURES = ADMIN_FEATURES | {"RGN"}
POINTLESS = ("PCLI", "CONT", "OCN")  # too big for distances to mean anything
TOWN_KINDS = ("f_town", "f_admin_seat", "f_capital")

_FEATURE_CLASS = {
    "PCLI": "f_country",
    "ADM1": "f_adm1",
    "ADM2": "f_adm2",
    "PPLC": "f_capital",
    "RGN": "f_region",
    "CONT": "f_region",
}
_WATER = {"OCN", "SEA", "GULF", "STM", "STRT", "BAY", "LK", "LKS", "CHN"}


@dataclass
class RankContext:
    """What the document says around one mention, shared by all its candidates."""

    actor_countries: set[str]
    doc_countries: Counter[str]
    doc_admin1: Counter[tuple[str, str]]
    own_country: str | None
    own_admin1: tuple[str, str | None] | None
    n_countries: int
    n_admin1: int
    top_share: float
    qualifier: Candidate | None
    qualifies: bool
    sibling_features: set[str]
    area_part: bool
    anchor_points: set[tuple[float, float]]
    mention_key: str
    embedded: bool = False  # the name is only ever read inside longer ones ("Cambridge Analytica")
    sentence_countries: set[str] = field(default_factory=set)  # settled, same sentence
    top_country: str | None = None  # the document's most named country
    colocated: dict[Candidate, float] = field(default_factory=dict)
    best_prior: float = 0.0
    best_log_pop: float = 0.0
    local_area: Candidate | None = None  # see local_namesake_area
    dateline_admin1: tuple[str, str] | None = None  # the division the story was filed from


def feature_class(c: Candidate) -> str:
    """A coarse kind of place for the ranker: country, adm1, town, water, ..."""
    if c.feature in _FEATURE_CLASS:
        return _FEATURE_CLASS[c.feature]
    if c.feature.startswith("PPLA"):
        return "f_admin_seat"
    if c.feature.startswith("PPL"):
        return "f_town"
    if c.feature in _WATER:
        return "f_water"
    return "f_other"


def nearest_km(c: Candidate, points: set[tuple[float, float]]) -> float:
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


def colocation(
    shortlists: list[tuple[str, tuple[Candidate, ...]]],
) -> dict[str, dict[Candidate, float]]:
    """For each name of the document and each of its candidates, the share of the document's
    other names that have one of their likeliest candidates within COLOCATED_KM: places
    named together tend to lie together ("LaFayette" beside "Ringgold" and "Fort
    Oglethorpe" is the Georgia town). Countries, continents and oceans neither give nor get it.

    `shortlists`: (name key, candidates by falling prior) per mention, repeats allowed."""
    names: dict[str, tuple[Candidate, ...]] = {}
    scored: dict[str, dict[Candidate, None]] = {}  # every candidate any mention of it has
    for key, cands in shortlists:
        names.setdefault(key, cands)
        scored.setdefault(key, {}).update(dict.fromkeys(cands))
    keys = list(names)
    if len(keys) < 2:
        return {}
    pts, owner = [], []
    for i, key in enumerate(keys):
        for c in names[key][:COLOCATED_TOP]:
            if c.feature not in POINTLESS:
                pts.append((c.lat, c.lon))
                owner.append(i)
    if not pts:
        return {}
    lat = np.radians(np.array([p[0] for p in pts]))
    lon = np.radians(np.array([p[1] for p in pts]))
    own = np.array(owner)
    out: dict[str, dict[Candidate, float]] = {}
    for i, key in enumerate(keys):
        cands = [c for c in scored[key] if c.feature not in POINTLESS]
        if not cands:
            continue
        clat = np.radians(np.array([c.lat for c in cands]))[:, None]
        clon = np.radians(np.array([c.lon for c in cands]))[:, None]
        a = (
            np.sin((lat - clat) / 2) ** 2
            + np.cos(clat) * np.cos(lat) * np.sin((lon - clon) / 2) ** 2
        )
        km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        close = (km <= COLOCATED_KM) & (own != i)[None, :]
        support = np.array([len(set(own[row].tolist())) for row in close], dtype=float) / (
            len(keys) - 1
        )
        out[key] = {c: float(s) for c, s in zip(cands, support, strict=True) if s > 0}
    return out


def candidate_features(c: Candidate, pri: float, rank: int, ctx: RankContext) -> dict[str, float]:
    """The ranker's features of one candidate of one mention in its document."""
    log_pop = math.log10(c.population + 1)
    kind = feature_class(c)
    f: dict[str, float] = {
        "prior": pri,
        "log_pop": log_pop,
        "log_names": math.log10(c.names_known + 1),
        "rank_top": 1.0 if rank == 0 else 0.0,
        "rank_log": math.log1p(rank),
        kind: 1.0,
        "prior_gap": pri - ctx.best_prior,
        "pop_gap": log_pop - ctx.best_log_pop,
    }
    if kind in TOWN_KINDS:
        f["town_log_pop"] = log_pop
    elif kind in ("f_adm1", "f_adm2"):
        f["area_log_pop"] = log_pop
    if c.main:
        f["main"] = 1.0
    if c.source.startswith("eventwatch:"):
        f["project"] = 1.0
    if name_key(c.name) == ctx.mention_key:
        f["name_exact"] = 1.0
    if c.country and c.country in ctx.actor_countries:
        f["actor_country"] = 1.0
    if c.country:
        votes = ctx.doc_countries.get(c.country, 0) - (c.country == ctx.own_country)
        f["doc_country"] = votes / ctx.n_countries
        if c.country in ctx.sentence_countries:
            f["sentence_country"] = 1.0
        if c.country == ctx.top_country:
            f["top_country"] = 1.0
            if c.feature == "PPLC":
                f["top_country_capital"] = 1.0
    else:  # oceans, continents, world regions: no country to agree or disagree with
        f["no_country_share"] = ctx.top_share
    if c.admin1 and c.country:
        votes = ctx.doc_admin1.get((c.country, c.admin1), 0) - (
            (c.country, c.admin1) == ctx.own_admin1
        )
        f["doc_admin1"] = votes / ctx.n_admin1
        if c.feature == "ADM1":
            f["adm1_home"] = f["doc_admin1"]
    if ctx.dateline_admin1 is not None and (c.country, c.admin1) == ctx.dateline_admin1:
        f["dateline_admin1"] = 1.0
    if ctx.qualifier is not None and inside(c, ctx.qualifier):
        f["qualifier_inside"] = 1.0
    if ctx.qualifies and c.feature in ADMIN_FEATURES:
        f["qualified_admin"] = 1.0
    if c.feature in ctx.sibling_features:
        f["sibling_adm1" if c.feature == "ADM1" else "sibling"] = 1.0
    if ctx.area_part and c.feature in AREA_FEATURES:
        f["area_part"] = 1.0
    if ctx.anchor_points and c.feature not in POINTLESS:
        near = nearest_km(c, ctx.anchor_points)
        if near < NEAR_KM:
            f["near"] = 1 - near / NEAR_KM
    support = ctx.colocated.get(c, 0.0)
    if support:
        f["colocated"] = support
    if ctx.local_area is not None and c is ctx.local_area:
        f["local_area"] = 1.0
    if ctx.embedded:
        # a town's name only ever read inside an organisation's ("Cambridge Analytica", "the
        # Venice Commission") is the famous namesake more often than the story's local one
        f["emb_prior"] = pri
        f["emb_doc_country"] = f.get("doc_country", 0.0)
    return f


def local_namesake_area(
    shortlist: tuple[Candidate, ...],
    mention_key: str,
    doc_admin1: Counter[tuple[str, str]],
    colocated: dict[Candidate, float],
) -> Candidate | None:
    """Of several divisions of one country and level named exactly as the mention (the
    eighteen Montgomery Counties of the United States), the one the story's other places
    point to: in the first-level division they name most, else beside the most of them.
    Population says little among namesake counties; the story says which. None when the
    likeliest candidate is no such division (a town called Shelby, the city of Boa Vista)
    or the story points to none of them."""
    if not shortlist:
        return None
    top = shortlist[0]
    key = name_key(top.name)
    if top.feature not in ("ADM1", "ADM2") or not (  # "Montgomery County History Center"
        mention_key == key or mention_key.startswith(key + " ")
    ):
        return None
    group = [
        c
        for c in shortlist
        if c.feature == top.feature and c.country == top.country and name_key(c.name) == key
    ]
    if len(group) < 2:
        return None
    best, best_score = None, 0.0
    for c in group:
        score = colocated.get(c, 0.0)
        if c.admin1 and c.country:
            score += doc_admin1.get((c.country, c.admin1), 0)
        if score > best_score:
            best, best_score = c, score
    return best


def inside(c: Candidate, region: Candidate) -> bool:
    """Whether `c` lies in the country or first-level division `region`."""
    if region.feature == "PCLI":
        return c.country == region.country and c is not region
    if c.admin1 and region.admin1:
        return c.admin1 == region.admin1 and c.country == region.country
    return c.country == region.country and haversine_km(c.lat, c.lon, region.lat, region.lon) < 600
