"""p95 latency of the web page's endpoints with many synthetic events in SQLite.

    python benchmarks/bench_web.py [--events 100000] [--db path.db] [--repeat 30]

1. Fills a fresh SQLite store (unless --db exists already) with synthetic articles, events,
   actors and places (fixed seed): 40 countries, 16 PLOVER types, 600 places, three years.
2. Times the first request (it builds the in-memory event index, once per server process),
   calls every endpoint once to warm SQLite's page cache, then calls every endpoint the page
   uses (`/`, the table with and without filters, the evidence view, map clusters at three
   zooms, the timeline, the network, the facets) through the ASGI app in-process, `--repeat`
   times each, with the response cache emptied before each call (cold) and not (cached),
   and prints p50 and p95 per endpoint in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

COUNTRIES = [
    "USA",
    "RUS",
    "CHN",
    "PRK",
    "KOR",
    "JPN",
    "UKR",
    "GBR",
    "FRA",
    "DEU",
    "IRN",
    "ISR",
    "PSE",
    "SYR",
    "TUR",
    "IND",
    "PAK",
    "AFG",
    "IRQ",
    "SAU",
    "EGY",
    "ETH",
    "NGA",
    "ZAF",
    "BRA",
    "MEX",
    "VEN",
    "COL",
    "ARG",
    "CAN",
    "AUS",
    "IDN",
    "PHL",
    "VNM",
    "MMR",
    "BLR",
    "POL",
    "SRB",
    "KEN",
    "SDN",
]
TYPES = {
    "AGREE": (1, 4.0),
    "CONSULT": (1, 1.0),
    "SUPPORT": (1, 3.0),
    "CONCEDE": (1, 5.0),
    "COOPERATE": (2, 6.0),
    "AID": (2, 7.0),
    "RETREAT": (2, 5.0),
    "REQUEST": (1, -0.5),
    "ACCUSE": (3, -2.0),
    "REJECT": (3, -4.0),
    "THREATEN": (3, -6.0),
    "PROTEST": (3, -6.5),
    "SANCTION": (3, -5.0),
    "MOBILIZE": (4, -7.0),
    "COERCE": (4, -7.0),
    "ASSAULT": (4, -10.0),
}
FACTS = ("realized", "realized", "realized", "planned", "hypothetical", "negated")
SENTENCE = "The {a} government said it would {verb} with officials from {b} near {place}."


def synthesize(
    url: str, n_events: int, per_article: int = 8, seed: int = 7, first: int = 0
) -> None:
    """Write `n_events` synthetic events into the store at `url`, numbered from `first`
    (the 600 places are written when `first` is 0)."""
    from eventwatch.store import open_store
    from eventwatch.store.schema import ArticleRow, EventActorRow, EventRow, PlaceRow

    rnd = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    start = date(2021, 1, 1)
    with open_store(url) as store, store.engine.begin() as conn:
        places = []
        for i in range(600):
            places.append(
                {
                    "id": i + 1,
                    "key": f"synthetic:{i}",
                    "name": f"Place {i}",
                    "country": rnd.choice(COUNTRIES),
                    "lat": rnd.uniform(-55, 70),
                    "lon": rnd.uniform(-170, 175),
                }
            )
        if first == 0:
            conn.execute(insert(PlaceRow), places)
        arts, evs, acts = [], [], []
        for k in range(first, first + n_events):
            if k % per_article == 0 or k == first:
                art_id = f"a{k // per_article:08d}"
                pub = start + timedelta(days=int(rnd.triangular(0, 1095, 900)))
                arts.append(
                    {
                        "id": art_id,
                        "title": f"Synthetic report {k // per_article}",
                        "text": "",
                        "published": pub,
                        "source": f"Outlet {rnd.randrange(30)}",
                        "url": None,
                        "origin": "synthetic",
                        "ingested_at": now,
                    }
                )
            a, b = rnd.sample(COUNTRIES[:12] if rnd.random() < 0.6 else COUNTRIES, 2)
            etype = rnd.choice(list(TYPES))
            quad, gold = TYPES[etype]
            place = rnd.choice(places) if rnd.random() < 0.8 else None
            sentence = SENTENCE.format(a=a, b=b, verb=etype.lower(), place=f"Place {k % 600}")
            ev_id = f"e{k:09d}"
            evs.append(
                {
                    "id": ev_id,
                    "article_id": art_id,
                    "event_type": etype,
                    "factuality": rnd.choice(FACTS),
                    "contexts": [],
                    "day": pub - timedelta(days=rnd.randrange(3)),
                    "place_id": place["id"] if place else None,
                    "place_text": place["name"] if place else None,
                    "sentence": sentence,
                    "sentence_start": 0,
                    "sentence_end": len(sentence),
                    "trigger": etype.lower(),
                    "quad_class": quad,
                    "goldstein": gold,
                    "confidence": round(rnd.uniform(0.3, 0.99), 3),
                    "cluster_id": f"c{k // 3:09d}",
                    "created_at": now,
                }
            )
            for pos, (role, c) in enumerate((("source", a), ("target", b))):
                acts.append(
                    {
                        "event_id": ev_id,
                        "role": role,
                        "position": pos,
                        "text": c,
                        "name": c,
                        "country": c,
                        "sectors": [],
                    }
                )
            if len(evs) >= 20000:
                _flush(conn, arts, evs, acts, ArticleRow, EventRow, EventActorRow)
        _flush(conn, arts, evs, acts, ArticleRow, EventRow, EventActorRow)


def _flush(conn, arts, evs, acts, ArticleRow, EventRow, EventActorRow) -> None:  # noqa: N803
    for table, rows in ((ArticleRow, arts), (EventRow, evs), (EventActorRow, acts)):
        if rows:
            conn.execute(insert(table), rows)
        rows.clear()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


ENDPOINTS = (
    ("page /", "/"),
    ("table", "/web/events?page=1"),
    ("table, page 200", "/web/events?page=200"),
    ("table, country+types", "/web/events?country=RUS&type=AID&type=CONSULT"),
    (
        "table, dyad+dates+q",
        "/web/events?dyad=RUS-PRK&since=2022-01-01&until=2023-06-30&q=officials",
    ),
    ("evidence", "/web/evidence/e000050000"),
    ("map zoom 2", "/web/map?zoom=2"),
    ("map zoom 6, view", "/web/map?zoom=6&view=30,20,60,60"),
    ("map, filtered", "/web/map?zoom=3&type=ASSAULT&min_conf=0.5"),
    ("timeline (busiest)", "/web/timeline"),
    ("timeline dyad, day", "/web/timeline?dyad=USA-CHN&by=day"),
    ("network", "/web/network"),
    ("network, filtered", "/web/network?factuality=realized&since=2023-01-01"),
    ("facets", "/web/facets"),
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None, help="reuse or create this SQLite file")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args(argv)
    from fastapi.testclient import TestClient

    from eventwatch.api.app import create_app
    from eventwatch.web import cache

    db = args.db or Path(tempfile.mkdtemp(prefix="ew-bench-web-")) / "web.db"
    if not db.exists():
        t0 = time.perf_counter()
        synthesize(str(db), args.events)
        print(f"synthesized {args.events} events in {time.perf_counter() - t0:.1f} s: {db}")
    client = TestClient(create_app(str(db)))
    t0 = time.perf_counter()
    client.get("/web/network")  # builds the in-memory event index once per process
    print(f"first request (builds the event index): {(time.perf_counter() - t0) * 1000:.0f} ms")
    for _, path in ENDPOINTS:  # warm SQLite's page cache as a running server's would be
        client.get(path)
    print(f"{'endpoint':28} {'cold p50':>9} {'cold p95':>9} {'cached p95':>11}")
    worst = 0.0
    for name, path in ENDPOINTS:
        cold, warm = [], []
        for _ in range(args.repeat):
            cache.clear()
            t0 = time.perf_counter()
            r = client.get(path)
            cold.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                print(f"{name}: HTTP {r.status_code} {r.text[:200]}", file=sys.stderr)
                return 1
            t0 = time.perf_counter()
            client.get(path)
            warm.append((time.perf_counter() - t0) * 1000)
        worst = max(worst, percentile(cold, 95))
        print(
            f"{name:28} {statistics.median(cold):9.1f} {percentile(cold, 95):9.1f} "
            f"{percentile(warm, 95):11.1f}"
        )
    print(f"worst cold p95: {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
