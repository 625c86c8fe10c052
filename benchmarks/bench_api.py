"""Load on the REST API: many concurrent clients against `eventwatch serve`.

    python benchmarks/bench_api.py build-gwn  --db gwn.db   [--articles 100]
    python benchmarks/bench_api.py build-synth --db synth.db [--events 100000]
    python benchmarks/bench_api.py load --db gwn.db [--clients 100] [--seconds 20] [--workers N]
                                             [--warmup S]

`build-gwn` ingests the first N texts of ../shared/benchmarks/geowebnews/GWN.xml through the
real pipeline. `build-synth` stores N generated events (fixed seed, 20 per article) without
the pipeline. `load` starts `eventwatch serve --workers N` on a free port, then runs a small
asyncio client (httpx): `--clients` tasks, each sending its next request as soon as the
last one is answered, for `--seconds`, over a fixed mix of reads (event pages with and
without filters, one event, actors, trends, articles, health). It prints requests/s,
p50/p99/max latency, and the count of 5xx answers and transport errors, as one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GWN = ROOT.parent / "shared" / "benchmarks" / "geowebnews" / "GWN.xml"
CLI = "import sys; from eventwatch.cli import main; sys.exit(main())"

COUNTRIES = ["RUS", "UKR", "CHN", "USA", "PRK", "IRN", "ISR", "TUR", "IND", "BRA", "FRA", "DEU"]
TYPES = ["CONSULT", "AGREE", "SUPPORT", "AID", "DEMAND", "ACCUSE", "THREATEN", "REJECT", "ASSAULT"]
SYLLABLES = ["ka", "lo", "mir", "an", "dre", "vo", "sen", "ta", "gu", "bel", "ri", "no"]


def build_gwn(db: str, n: int) -> None:
    from eventwatch.ingest import ingest
    from eventwatch.store import open_store

    root = ET.parse(GWN).getroot()
    texts = [" ".join((el.text or "").split()) for el in root.iter("text")][:n]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(texts):
            p = Path(tmp) / f"gwn-{i:04d}.txt"
            p.write_text(f"GeoWebNews article {i}\n{text}\n", encoding="utf-8")
            paths.append(str(p))
        with open_store(db) as store:
            report = ingest(paths, store, published=date(2019, 6, 1), progress=False)
    print(f"{db}: {report.summary()}", file=sys.stderr)


def _name(rnd: random.Random) -> str:
    return " ".join(
        "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).title() for _ in range(2)
    )


def build_synth(db: str, n_events: int, per_article: int = 20, seed: int = 11) -> None:
    from eventwatch.records import Actor, Article, Event, Evidence, TimeValue
    from eventwatch.store import open_store

    rnd = random.Random(seed)
    people = [(_name(rnd), rnd.choice(COUNTRIES)) for _ in range(400)]
    start = date(2020, 1, 1)
    made = 0
    with open_store(db) as store:
        while made < n_events:
            k = min(per_article, n_events - made)
            sentences = [f"Sentence {j} of a generated report." for j in range(k)]
            art = Article(
                text=" ".join(sentences),
                title=f"Generated report {made // per_article}",
                published=start + timedelta(days=rnd.randint(0, 1500)),
                source=rnd.choice(["Wire A", "Wire B", "Daily C"]),
                origin=f"synth-{made}",
            )
            events, at = [], 0
            for sent in sentences:
                (sname, sc), (tname, tc) = rnd.sample(people, 2)
                day = art.published - timedelta(days=rnd.randint(0, 3))
                events.append(
                    Event(
                        event_type=rnd.choice(TYPES),
                        factuality="realized",
                        source=[Actor(text=sname, name=sname, country=sc, kind="person")],
                        target=[Actor(text=tname, name=tname, country=tc, kind="person")],
                        evidence=Evidence(
                            article_id=art.id,
                            sentence=sent,
                            start=at,
                            end=at + len(sent),
                            trigger="Sentence",
                            trigger_start=at,
                            trigger_end=at + 8,
                        ),
                        date=TimeValue(
                            text=day.isoformat(), value=day.isoformat(), precision="day"
                        ),
                        goldstein=round(rnd.uniform(-10, 10), 1),
                        quad_class=rnd.randint(1, 4),
                        confidence=round(rnd.uniform(0.3, 1.0), 2),
                    )
                )
                at += len(sent) + 1
            store.add_article(art, events)
            made += k
    print(f"{db}: {made} generated events", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _mix(event_ids: list[str], rnd: random.Random) -> str:
    a, b = rnd.sample(COUNTRIES[:6], 2)
    choices = [
        "/events?limit=50",
        f"/events?country={rnd.choice(COUNTRIES)}&limit=20",
        f"/events?actor={rnd.choice(['ka', 'mir', 'putin', 'police', 'an'])}&limit=20",
        f"/events?type={rnd.choice(TYPES)}&since=2021-01-01&limit=20",
        f"/events?offset={rnd.randint(0, 500)}&limit=20",
        f"/events/{rnd.choice(event_ids)}" if event_ids else "/health",
        "/actors?limit=20",
        f"/actors?country={rnd.choice(COUNTRIES)}&limit=20",
        f"/trends?a={a}&b={b}&by=month",
        "/articles?limit=20",
        "/health",
    ]
    return rnd.choice(choices)


async def _client(base: str, until: float, ids: list[str], seed: int, out: dict) -> None:
    import httpx

    rnd = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < until:
            path = _mix(ids, rnd)
            t0 = time.monotonic()
            try:
                r = await http.get(path)
                status = r.status_code
            except httpx.HTTPError:
                status = -1
            out["lat"].append(time.monotonic() - t0)
            if status >= 500:
                out["5xx"] += 1
            elif status < 0:
                out["errors"] += 1


def _wait_ready(base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    import httpx

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(
                f"eventwatch serve exited: {proc.stderr.read() if proc.stderr else ''}"
            )
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("eventwatch serve did not answer /health in time")


def load(
    db: str,
    clients: int,
    seconds: float,
    workers: int | None,
    url: str | None,
    warmup: float = 0.0,
) -> dict:
    from eventwatch.store import open_store

    with open_store(db) as store:
        ids = [e.id for e in store.list_events(limit=2000)]
        n_events, n_articles = store.count_events(), store.count_articles()
    proc = None
    if url is None:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        cmd = [sys.executable, "-c", CLI, "--db", db, "serve", "--port", str(port)]
        if workers:
            cmd += ["--workers", str(workers)]
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_ready(url, proc)
    out: dict = {"lat": [], "5xx": 0, "errors": 0}
    try:

        async def run_all(until: float, into: dict) -> None:
            await asyncio.gather(*(_client(url, until, ids, i, into) for i in range(clients)))

        if warmup > 0:  # the same load, not counted: each worker's cache fills
            asyncio.run(run_all(time.monotonic() + warmup, {"lat": [], "5xx": 0, "errors": 0}))
        t0 = time.monotonic()
        asyncio.run(run_all(t0 + seconds, out))
        wall = time.monotonic() - t0
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    lat = sorted(out["lat"])

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1) if lat else 0.0

    return {
        "db": db,
        "articles": n_articles,
        "events": n_events,
        "clients": clients,
        "workers": (workers or os.cpu_count()) if proc is not None else "external server",
        "warmup_s": warmup,
        "seconds": round(wall, 1),
        "requests": len(lat),
        "req_per_s": round(len(lat) / wall, 1),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": round(lat[-1] * 1000, 1) if lat else 0.0,
        "server_errors": out["5xx"],
        "transport_errors": out["errors"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("build-gwn")
    g.add_argument("--db", required=True)
    g.add_argument("--articles", type=int, default=100)
    s = sub.add_parser("build-synth")
    s.add_argument("--db", required=True)
    s.add_argument("--events", type=int, default=100_000)
    ld = sub.add_parser("load")
    ld.add_argument("--db", required=True)
    ld.add_argument("--clients", type=int, default=100)
    ld.add_argument("--seconds", type=float, default=20)
    ld.add_argument("--workers", type=int)
    ld.add_argument("--warmup", type=float, default=0.0, help="seconds of load before measuring")
    ld.add_argument("--url", help="an already running server (then --workers is not used)")
    args = ap.parse_args(argv)
    if args.cmd == "build-gwn":
        build_gwn(args.db, args.articles)
    elif args.cmd == "build-synth":
        build_synth(args.db, args.events)
    else:
        res = load(args.db, args.clients, args.seconds, args.workers, args.url, args.warmup)
        print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
