"""Events as rows of the GDELT 2.0 event table (61 tab-separated columns, blanks allowed).

What is written where (see docs/cli.md, "GDELT export"):
- GLOBALEVENTID: the event id's first 15 hex digits as an integer (stable across exports).
- SQLDATE/MonthYear/Year/FractionDate: the event's day (first day of its date, else the
  article's published date, else the day it was stored: never blank); FractionDate is
  GDELT's YYYY + (MM*30+DD)/365.
- Actor1 = first source actor, Actor2 = first target actor. Codes are CAMEO-style: the
  country as ISO 3166 alpha-3 (CAMEO's country codes are alpha-3; a few old CAMEO codes
  differ, e.g. ROM for Romania, and we write the ISO code) followed by the sector codes
  (GOV, MIL, ...). Known-group, ethnic and religion codes are blank.
- IsRootEvent: 1 when the evidence sentence is in the article's first paragraph.
- EventCode/EventBaseCode/EventRootCode: the CAMEO code, its first 3 and first 2 digits.
- ActionGeo_*: the event's place. CountryCode is FIPS 10-4 (as GDELT's geo fields are),
  converted from ISO alpha-3; ADM1Code is FIPS country + the division's code
  (where/admin.py says how it is found; the FIPS country alone for a country or where the
  division is unknown); FullName is "place, region, country"; FeatureID is the GeoNames id.
- Actor1Geo/Actor2Geo: the actor's country (type 1) where the actor has one: GDELT places an
  actor where the text locates it, and the country is the part of that we know. AvgTone is blank.
- DATEADDED: when the event was stored (UTC, YYYYMMDDHHMMSS). SOURCEURL: the article's
  URL, else where it was read from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from eventwatch.records import Actor, Place
from eventwatch.store.query import StoredEvent
from eventwatch.where.admin import adm1_code, adm1_name, countries, fips

_ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]

COLUMNS: list[str] = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR]
    + [f"Actor2{c}" for c in _ACTOR]
    + [
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    ]
    + [f"Actor1Geo_{c}" for c in _GEO]
    + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
_CODE = re.compile(r"^[A-Z]{3}$")


def global_event_id(event_id: str) -> str:
    try:
        return str(int(event_id[:15], 16))
    except ValueError:
        return ""


def gdelt_row(stored: StoredEvent, is_root: bool) -> dict[str, str]:
    """One event as a dict over `COLUMNS`, blank where the record cannot fill a field."""
    ev = stored.event
    row = dict.fromkeys(COLUMNS, "")
    row["GLOBALEVENTID"] = global_event_id(ev.id)
    day = stored.day or (stored.added.date() if stored.added is not None else None)
    if day is not None:
        row["SQLDATE"] = day.strftime("%Y%m%d")
        row["MonthYear"] = day.strftime("%Y%m")
        row["Year"] = str(day.year)
        row["FractionDate"] = f"{day.year + (day.month * 30 + day.day) / 365:.4f}"
    for n, actors in (("1", ev.source), ("2", ev.target)):
        if actors:
            row.update(_actor(n, actors[0]))
            if actors[0].country and fips(actors[0].country):
                row.update(_geo(f"Actor{n}Geo_", _country_place(actors[0].country)))
    row["IsRootEvent"] = "1" if is_root else "0"
    if ev.cameo:
        row["EventCode"] = ev.cameo
        row["EventBaseCode"] = ev.cameo[:3]
        row["EventRootCode"] = ev.cameo[:2]
    row["QuadClass"] = _s(ev.quad_class)
    row["GoldsteinScale"] = _s(ev.goldstein)
    row["NumMentions"] = str(stored.num_mentions)
    row["NumSources"] = str(stored.num_sources)
    row["NumArticles"] = str(stored.num_articles)
    if ev.location is not None:
        row.update(_geo("ActionGeo_", ev.location))
    if stored.added is not None:
        row["DATEADDED"] = stored.added.strftime("%Y%m%d%H%M%S")
    row["SOURCEURL"] = stored.article_url or stored.article_origin or ""
    return {k: _clean(v) for k, v in row.items()}


def _actor(n: str, actor: Actor) -> dict[str, str]:
    types: list[str] = []
    for code in [actor.sector, *actor.sectors]:
        code = (code or "").upper()
        if _CODE.match(code) and code not in types:
            types.append(code)
    country = (actor.country or "").upper()
    return {
        f"Actor{n}Code": country + "".join(types[:3]),
        f"Actor{n}Name": (actor.name or actor.text or "").upper(),
        f"Actor{n}CountryCode": country,
        f"Actor{n}Type1Code": types[0] if len(types) > 0 else "",
        f"Actor{n}Type2Code": types[1] if len(types) > 1 else "",
        f"Actor{n}Type3Code": types[2] if len(types) > 2 else "",
    }


def geo_type(place: Place) -> str:
    """GDELT's geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    feature = (place.feature or "").upper()
    us = (place.country or "").upper() == "USA"
    if feature.startswith("PCL") or (not feature and place.lat is None and not place.admin1):
        return "1"
    if feature.startswith("ADM1"):
        return "2" if us else "5"
    return "3" if us else "4"


def _geo(prefix: str, place: Place) -> dict[str, str]:
    info = countries().get((place.country or "").upper()) or {}
    country_fips = info.get("fips") or ""
    gtype = geo_type(place)
    name = place.name or place.text or ""
    region = adm1_name(place)
    parts = [name]
    if gtype != "1":
        if region and region != name:
            parts.append(region)
        if info.get("name"):
            parts.append(info["name"])
    full = ", ".join(p for p in parts if p)
    code = (place.adm1 or adm1_code(place)) if gtype != "1" else None
    adm1 = code or country_fips
    return {
        f"{prefix}Type": gtype,
        f"{prefix}FullName": full,
        f"{prefix}CountryCode": country_fips,
        f"{prefix}ADM1Code": adm1,
        f"{prefix}Lat": _s(place.lat),
        f"{prefix}Long": _s(place.lon),
        f"{prefix}FeatureID": _s(place.geonames_id),
    }


@lru_cache(maxsize=512)
def _country_place(iso3: str) -> Place:
    """A country as a place: its gazetteer point where the gazetteer is built, else no point."""
    info = countries().get(iso3.upper()) or {}
    place = Place(text=info.get("name") or iso3, name=info.get("name"), country=iso3.upper())
    place.feature = "PCLI"
    try:
        from eventwatch.where import gazetteer

        point = gazetteer.get().country(iso3.upper())
    except Exception:  # noqa: BLE001 - an export must not fail for want of a point
        point = None
    if point is not None:
        place.lat, place.lon, place.geonames_id = point.lat, point.lon, point.geonames_id
    return place


def _s(value: object) -> str:
    return "" if value is None else str(value)


def _clean(value: str) -> str:
    """No tab or newline may break a row."""
    return " ".join(value.split()) if ("\t" in value or "\n" in value or "\r" in value) else value
