"""A small town that the rest of the story does not go near: a local place the gazetteer
lacks that shares a faraway town's name. `mentions_in_doc` then places it at the story's
focus (feature NEAR) instead of at the namesake.

Two cases, both for towns (not capitals) only, and names counted once however often they
are repeated:
- abroad: a town under ABROAD_MAX_POPULATION in a country that no other name of the story
  points to, in a story whose other names mostly lie in the focus's country ("Hanover Park",
  an Illinois town, among Cape Town's suburbs), unless the name is only ever read inside a
  longer name (the Venice Commission: the body's town abroad);
- at home: a town under FAR_MAX_POPULATION in the focus's country but more than FAR_KM from
  the focus and from every other place the story names, in a story whose other places mostly
  lie within FAR_KM of the focus ("Stapleton", villages in New York and Nebraska, for a Denver
  neighbourhood).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.records import Place
from eventwatch.where.gazetteer import Candidate
from eventwatch.where.names import name_key
from eventwatch.where.rank_features import haversine_km
from eventwatch.where.resolve import in_longer_name

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventwatch.where.recognize import Mention

ABROAD_MAX_POPULATION = 100_000  # a town bigger than this is named for itself
FAR_MAX_POPULATION = 20_000
FAR_KM = 300.0
MIN_NAMES = 3  # other names placing the story at its focus
MIN_SHARE = 0.5  # of the other names that place it anywhere
_WIDE = ("PCLI", "CONT", "OCN", "RGN", "ADM1")  # too wide to say where a story is


def stray_namesake(doc: Doc, m: Mention, found: list[Mention], focus: Place | None) -> bool:
    """Whether the town `m` resolved to is a stray namesake of a local place (see above)."""
    c = m.best
    if (
        c is None
        or focus is None
        or m.role not in ("literal", "embedded")
        or not c.feature.startswith("PPL")
        or c.feature == "PPLC"
    ):
        return False
    if _qualified(doc, m, found):
        return False
    key = name_key(doc[m.start : m.end].text)
    others: dict[str, list[Candidate]] = {}
    for o in found:
        if o.best is not None and o.role != "demonym":
            other = name_key(doc[o.start : o.end].text)
            if other != key:
                others.setdefault(other, []).append(o.best)
    if c.country != focus.country:
        if all(
            _opens_a_name(doc, o) for o in found if name_key(doc[o.start : o.end].text) == key
        ):  # a body named after a town abroad (the Venice Commission) places no local town
            return False
        return c.population < ABROAD_MAX_POPULATION and _abroad(c, others, focus)
    return c.population < FAR_MAX_POPULATION and _far(c, others, focus)


def _opens_a_name(doc: Doc, m: Mention) -> bool:
    """Whether a capitalised word of the same longer name follows ("Venice Commission"; not
    "Wilson's Farm", "Nelson-Creston")."""
    nxt = doc[m.end] if m.end < len(doc) else None
    return nxt is not None and nxt.is_alpha and nxt.text[:1].isupper() and in_longer_name(doc, m)


def _abroad(c: Candidate, others: dict[str, list[Candidate]], focus: Place) -> bool:
    by_country: dict[str, int] = {}
    for places in others.values():
        for country in {p.country for p in places if p.country}:
            by_country[country] = by_country.get(country, 0) + 1
    if c.country in by_country:
        return False
    home = by_country.get(focus.country or "", 0)
    return home >= MIN_NAMES and home >= MIN_SHARE * sum(by_country.values())


def _far(c: Candidate, others: dict[str, list[Candidate]], focus: Place) -> bool:
    if focus.lat is None or focus.lon is None:
        return False
    if haversine_km(c.lat, c.lon, focus.lat, focus.lon) <= FAR_KM:
        return False
    local = {k: [p for p in v if p.feature not in _WIDE] for k, v in others.items()}
    local = {k: v for k, v in local.items() if v}
    if any(haversine_km(c.lat, c.lon, p.lat, p.lon) <= FAR_KM for v in local.values() for p in v):
        return False
    home = sum(
        any(haversine_km(p.lat, p.lon, focus.lat, focus.lon) <= FAR_KM for p in v)
        for v in local.values()
    )
    return home >= MIN_NAMES and home >= MIN_SHARE * len(local)


def _qualified(doc: Doc, m: Mention, found: list[Mention]) -> bool:
    """ "Stapleton, Nebraska": the text itself says which one."""
    if m.end + 1 >= len(doc) or doc[m.end].text != ",":
        return False
    c = m.best
    return any(
        o.start == m.end + 1
        and o.best is not None
        and c is not None
        and o.best.feature in ("ADM1", "PCLI")
        and o.best.country == c.country
        and (o.best.feature == "PCLI" or o.best.admin1 == c.admin1)
        for o in found
    )
