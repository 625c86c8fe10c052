"""Where: toponyms found in text and resolved to places with coordinates, offline.

Public entry points:
- `find_places(text)` -> list of `{start, end, text, name, country, admin1, lat, lon,
  geonames_id, feature, role}`
- `places_in_doc(doc, countries=())` -> list[Place]: the places where something can happen
  (demonyms, metonyms such as "Moscow said", modifiers such as "Russia's president" and names
  inside organisations' names such as "Kremlin spokesman" left out)
- `event_location(doc, trigger, places)` -> Place | None
- `mentions_in_doc(doc, countries=())` -> list[PlaceMention]: every toponym with its role

The gazetteer (gazetteer.py) is built once into a SQLite cache; recognition (recognize.py)
reads the spaCy Doc the pipeline already parsed; resolution (resolve.py) ranks candidates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventwatch.records import Place
from eventwatch.resources import current as current_resources
from eventwatch.where.admin import adm1_code, fips
from eventwatch.where.names import name_key
from eventwatch.where.stray import stray_namesake

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from eventwatch.where.recognize import Mention

__all__ = ["PlaceMention", "event_location", "find_places", "mentions_in_doc", "places_in_doc"]

NOT_WHERE = {"demonym", "metonym", "modifier", "embedded"}
NEAR_FEATURE = "NEAR"  # a named place the gazetteer lacks, placed at the document's focus


@dataclass
class PlaceMention:
    """A toponym in the text, its resolved place, and its role: literal, embedded (inside
    an organisation's name), demonym, metonym or modifier."""

    place: Place
    role: str


def _resources() -> Any:
    """The recognition lexicon (gazetteer, demonyms, word lists), built once per gazetteer
    (kept beside it in the current `eventwatch.resources.Resources`)."""
    from eventwatch.where import gazetteer

    gaz = gazetteer.get()
    return current_resources().get("gazetteer.lexicon", lambda: _build_lexicon(gaz))


def _build_lexicon(gaz: Any) -> Any:
    from eventwatch.where import recognize, sources

    words = sources.words()
    return recognize.Lexicon(
        gaz=gaz,
        demonyms=sources.demonyms(),
        facility=words["facility"] | words["street"],
        street=words["street"],
        admin=words["admin"],
        generic=words["generic"],
        connectors=words["connector"],
        counties=sources.us_counties(),
        road=words["road"],
        org=words["org"],
    )


def _candidate_place(
    c: Any,
    text: str,
    feature: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Place:
    """A Place for a gazetteer candidate, as `text` names it."""
    return Place(
        text=text,
        name=c.name,
        country=c.country,
        admin1=c.admin1,
        lat=c.lat,
        lon=c.lon,
        geonames_id=c.geonames_id,
        feature=feature,
        start=start,
        end=end,
    )


def _place(doc: Doc, m: Mention) -> Place:
    span = doc[m.start : m.end]
    c = m.best
    if c is None:
        return Place(text=span.text, start=span.start_char, end=span.end_char)
    place = _candidate_place(
        c, span.text, feature=c.feature, start=span.start_char, end=span.end_char
    )
    _set_adm1(place, adm1_code(place))
    return place


def _set_adm1(place: Place, code: str | None) -> None:
    """Give `place` its ADM1 code; where the record names no division, keep the division's
    own code in `admin1` too, so that a stored place (which keeps `admin1`, not `adm1`) gives
    the same code when read back."""
    place.adm1 = code
    country = fips(place.country)
    if code and not place.admin1 and country and code.startswith(country):
        place.admin1 = code[len(country) :]


def _adm1_of(near: Any) -> str | None:
    """The ADM1 code of the place a NEAR place stands at (a Place or a gazetteer Candidate)."""
    code = getattr(near, "adm1", None)
    if code:
        return code
    return adm1_code(
        Place(
            text=near.name or "",
            name=near.name,
            country=near.country,
            admin1=near.admin1,
            geonames_id=near.geonames_id,
            feature=near.feature,
        )
    )


def _focus(found: list[Mention], gaz: Any = None) -> Place | None:
    """The document's main local place: a city or region (not a country) in the document's
    most named country, weighing how often it is named and how big it is. A story that names
    a country but none of its towns ("the Verkhovna Rada ... Ukraine") is at its capital."""
    from eventwatch.where.resolve import prior

    local = [
        m.best
        for m in found
        if m.best is not None
        and m.role in ("literal", "embedded")
        and m.best.feature not in ("PCLI", "CONT", "OCN", "RGN", "SEA")
    ]
    countries = Counter(m.best.country for m in found if m.best is not None and m.best.country)
    top_country = countries.most_common(1)[0][0] if countries else None
    if top_country and gaz is not None and not any(c.country == top_country for c in local):
        cap = gaz.capital(top_country)
        if cap is not None:
            local = [cap]
    if not local:
        return None
    if any(c.country == top_country for c in local):
        local = [c for c in local if c.country == top_country]
    score: Counter[tuple] = Counter()
    by_key = {}
    for c in local:
        key = (c.name, c.lat, c.lon)
        score[key] += prior(c) if c.feature.startswith("PPL") else 0.1 * prior(c)
        by_key[key] = c
    c = by_key[score.most_common(1)[0][0]]
    focus = _candidate_place(c, c.name)
    focus.adm1 = _adm1_of(c)
    return focus


def _named_after_elsewhere(m: Mention, focus: Place | None) -> bool:
    """An area named after a town ("X County") whose namesake lies in another state than
    the document's focus: the area is the focus's, not the namesake's."""
    c = m.best
    return (
        c is not None
        and focus is not None
        and "area named after" in m.notes
        and c.feature.startswith("PPL")
        and c.country == focus.country
        and bool(c.admin1)
        and bool(focus.admin1)
        and c.admin1 != focus.admin1
    )


def mentions_in_doc(doc: Doc, countries: Iterable[str] = ()) -> list[PlaceMention]:
    """Every toponym of a parsed document, resolved, with its role.

    `countries`: ISO alpha-3 codes of the article's actors, which favour places there.
    A named place the gazetteer lacks ("Frenchmen Street") is placed at the document's most
    named city or region, with feature "NEAR"; without one it has no coordinates.
    """
    from eventwatch.where import recognize, resolve

    lex = _resources()
    found = recognize.mentions(doc, lex)
    resolve.resolve(doc, found, lex.gaz, countries)
    counties = {}
    for m in found:
        key = name_key(doc[m.start : m.end].text)
        states = lex.counties.get(key)
        lacks = m.best is None or name_key(m.best.name) != key  # the gazetteer lacks it
        if states and m.role != "demonym" and lacks:
            counties[id(m)] = states
    focus = _focus([m for m in found if id(m) not in counties], lex.gaz)
    for m in found:
        # a namesake town in a state with such a county stands for it ("Orange County":
        # Orange, California), unless the story is in another such state
        c = m.best
        if id(m) in counties and c is not None and c.country == "USA":
            states = counties[id(m)]
            elsewhere = (
                focus is not None
                and focus.country == "USA"
                and focus.admin1 in states
                and focus.admin1 != c.admin1
            )
            if c.admin1 in states and not elsewhere:
                del counties[id(m)]
    starts = {m.start: m for m in found}
    out = []
    named_countries = {
        m.best.country for m in found if m.best is not None and m.best.feature == "PCLI"
    }
    for m in found:
        if m.best is None and not m.candidates and named_countries:
            m.best = _official_name_country(doc[m.start : m.end].text, named_countries, lex.gaz)
        place = _place(doc, m)
        if id(m) in counties:
            home = _county_home(found, counties, focus, lex.gaz)
            if home is not None:
                place.name, place.country, place.admin1 = home.name, home.country, home.admin1
                place.lat, place.lon, place.feature = home.lat, home.lon, NEAR_FEATURE
                place.geonames_id = home.geonames_id  # the place it stands at, named so
                _set_adm1(place, _adm1_of(home))
            out.append(PlaceMention(place, m.role))
            continue
        if _named_after_elsewhere(m, focus) or stray_namesake(doc, m, found, focus):
            m.best = None  # "Marathon County" in a Wisconsin story is not around Marathon, Florida
        elif _outside_qualifier(doc, m, starts):
            m.best = None  # "Croft, Yorkshire": no Croft known there; placed at Yorkshire
        site = m.best is None or m.label == "SITE"  # unknown, or placed at its namesake town
        container = (
            _container(doc, m, starts) if site and m.role in ("literal", "embedded") else None
        )
        near = container or (focus if m.best is None else None)
        if near is not None and m.role in ("literal", "embedded"):
            place.name, place.country, place.admin1 = near.name, near.country, near.admin1
            place.lat, place.lon, place.feature = near.lat, near.lon, NEAR_FEATURE
            place.geonames_id = near.geonames_id  # the place it stands at, named so
            _set_adm1(place, _adm1_of(near))
        out.append(PlaceMention(place, m.role))
    return out


def _county_home(
    found: list[Mention], counties: dict[int, frozenset[str]], focus: Place | None, gaz: Any
) -> Any:
    """Where a US county the gazetteer has no point for lies: the story's focus when it is
    in a state with a county so named, else the story's most named place in such a state,
    else that state when only one has a county so named ("Cuyahoga County": Ohio)."""
    from eventwatch.where.resolve import prior

    def states_of(m: Mention) -> frozenset[str]:
        return counties[id(m)]

    named = frozenset().union(*(states_of(m) for m in found if id(m) in counties))
    if focus is not None and focus.country == "USA" and focus.admin1 in named:
        return focus
    votes: Counter[tuple] = Counter()
    by_key = {}
    for m in found:
        c = m.best
        if id(m) in counties or c is None or c.country != "USA" or c.admin1 not in named:
            continue
        key = (c.name, c.lat, c.lon)
        votes[key] += 1.0 + 0.01 * prior(c)
        by_key[key] = c
    if votes:
        return by_key[votes.most_common(1)[0][0]]
    if len(named) == 1:
        (state,) = named
        admin = [c for c in gaz.lookup(state) if c.feature == "ADM1" and c.admin1 == state]
        if admin:
            return admin[0]
    return None


def _official_name_country(text: str, named: set[str | None], gaz: Any) -> Any:
    """The country the story names whose official name holds `text`, of two words or more
    ("the Islamic Republic" in a story naming Iran: the Islamic Republic of Iran); else None."""
    import pycountry

    key = name_key(text)
    if len(key.split()) < 2:
        return None
    for iso3 in sorted(c for c in named if c):
        record = pycountry.countries.get(alpha_3=iso3)
        official = getattr(record, "official_name", "") if record is not None else ""
        if official and f" {key} " in f" {name_key(official)} ":
            return gaz.country(iso3)
    return None


QUALIFIER_KM = 100.0  # a town this far from the county or region named after it is not it


def _outside_qualifier(doc: Doc, m: Mention, starts: dict[int, Mention]) -> bool:
    """Whether the town `m` resolved to lies outside the division or region the text names
    right after it ("Croft, Yorkshire" resolved to a Croft in Leicestershire): the gazetteer
    lacks the town meant, which is then placed at the qualifier."""
    from eventwatch.where.rank_features import haversine_km

    c = m.best
    if c is None or not c.feature.startswith("PPL") or m.label == "SITE":
        return False
    if m.end + 1 >= len(doc) or doc[m.end].text != ",":
        return False
    q = starts.get(m.end + 1)
    r = q.best if q is not None else None
    if r is None or r.country != c.country or q is None or q.role != "literal":
        return False
    if r.feature == "ADM1":
        return bool(c.admin1 and r.admin1 and c.admin1 != r.admin1)
    if r.feature in ("ADM2", "RGN"):
        return haversine_km(c.lat, c.lon, r.lat, r.lon) > QUALIFIER_KM
    return False


def _container(doc: Doc, m: Mention, starts: dict[int, Mention]) -> Any:
    """The place a named site is said to be in: "the Palais des Nations in Geneva",
    "Donington Park, Leicestershire"."""
    i = m.end
    if i >= len(doc) or doc[i].lower_ not in (",", "in", "at", "near"):
        return None
    i += 1
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    nxt = starts.get(i)
    if nxt is None or nxt.best is None or nxt.role in NOT_WHERE - {"embedded"}:
        return None
    return nxt.best


def places_in_doc(doc: Doc, countries: Iterable[str] = ()) -> list[Place]:
    """The places of a parsed document where something can happen, in text order, with
    character offsets. Demonyms, metonyms, modifiers and names inside organisations' names are
    left out."""
    return [pm.place for pm in mentions_in_doc(doc, countries) if pm.role not in NOT_WHERE]


def find_places(text: str) -> list[dict[str, Any]]:
    """Toponyms in `text`, resolved: `{start, end, text, name, country, admin1, lat, lon,
    geonames_id, feature, role}` per mention (every role, see `mentions_in_doc`)."""
    from eventwatch import nlp

    doc = nlp.load()(text)
    out = []
    for pm in mentions_in_doc(doc):
        d = pm.place.to_dict()
        d["role"] = pm.role
        out.append(d)
    return out


def event_location(doc: Doc, trigger: Token, places: list[Place]) -> Place | None:
    """The place of the event whose predicate is `trigger`: see `eventwatch.where.locate`."""
    from eventwatch.where.locate import event_location as _event_location

    return _event_location(doc, trigger, places)
