"""How many events carry a place, an ADM1 code and a day, on the GeoWebNews texts.

    .venv/bin/python scripts/measure_event_fields.py ../shared/benchmarks/geowebnews/GWN.xml

Ingests every article's text (no published date: GeoWebNews gives none) into a throw-away
SQLite store, exports the GDELT rows, and prints the shares: events with an ActionGeo, with
an ADM1 code (of those placed below country level in a country: oceans, continents and
regions across borders have none), with SQLDATE, and
where each event's day came from (day_source). Measures only; trains nothing.
"""

from __future__ import annotations

import io
import sys
import tempfile
from collections import Counter
from pathlib import Path

from eventwatch import extract
from eventwatch.evaluate.geo import read_gwn
from eventwatch.records import Article
from eventwatch.store import EventFilter, open_store
from eventwatch.store import export as export_mod
from eventwatch.store.gdelt import COLUMNS


def main(argv: list[str]) -> int:
    articles = read_gwn(Path(argv[0]))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/gwn.db")
        for n, art in enumerate(articles):
            a = Article(text=art.text, origin=f"gwn:{n}")
            store.add_article(a, extract(a))
        stored = list(store.iter_events(EventFilter()))
        buf = io.StringIO()
        export_mod.write_gdelt(iter(stored), buf, store)
    rows = [dict(zip(COLUMNS, r.split("\t"), strict=True)) for r in buf.getvalue().splitlines()[1:]]
    n = len(rows) or 1
    placed = [r for r in rows if r["ActionGeo_Type"]]
    local = [r for r in placed if r["ActionGeo_Type"] != "1" and r["ActionGeo_CountryCode"]]
    with_adm1 = [r for r in local if len(r["ActionGeo_ADM1Code"]) > 2]
    sources = Counter(s.day_source for s in stored)
    print(f"{len(articles)} articles, {len(rows)} events")
    print(f"SQLDATE filled: {sum(bool(r['SQLDATE']) for r in rows) / n:.1%}")
    print(f"ActionGeo filled: {len(placed) / n:.1%}")
    print(
        f"ADM1 code where ActionGeo is below country level: "
        f"{len(with_adm1) / (len(local) or 1):.1%} of {len(local)}"
    )
    print("day source: " + ", ".join(f"{k} {v / n:.1%}" for k, v in sources.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
