"""Gazetteer build and lookup times, and what place resolution adds to spaCy parsing.

    python benchmarks/bench_gazetteer.py [--lookups N] [--no-gwn]

1. Builds the gazetteer from the packaged sources into a temporary folder (what the first
   run on a machine does once) and prints the time and size.
2. Times name lookups on N names drawn from the gazetteer itself (fixed seed): a cold probe
   (the SQLite index, no cache) and a warm one (the in-process LRU cache).
3. Parses the seed article and, when present, the GeoWebNews texts with spaCy's `nlp.pipe`,
   then runs `places_in_doc` on the parsed docs, and prints both rates and their ratio.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GWN = ROOT.parent / "shared" / "benchmarks" / "geowebnews" / "GWN.xml"
SEED = ROOT / "src" / "eventwatch" / "data" / "seed" / "putin-kim-summit.txt"


def bench_build(tmp: Path) -> Path:
    from eventwatch.where import gazetteer

    path = tmp / "gazetteer.sqlite"
    started = time.perf_counter()
    gazetteer.build(path)
    seconds = time.perf_counter() - started
    conn = sqlite3.connect(path)
    places = conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]
    names = conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]
    conn.close()
    print(
        f"build: {seconds:.1f} s, {places:,} places, {names:,} names, "
        f"{path.stat().st_size / 1e6:.0f} MB"
    )
    return path


def bench_lookup(path: Path, n: int) -> None:
    from eventwatch.where import gazetteer

    conn = sqlite3.connect(path)
    keys = [k for (k,) in conn.execute("SELECT key FROM names")]
    conn.close()
    rng = random.Random(13)
    sample = rng.sample(keys, min(n, len(keys)))
    started = time.perf_counter()
    gz = gazetteer.Gazetteer(path)
    open_ms = (time.perf_counter() - started) * 1000
    cold = []
    for k in sample:
        t = time.perf_counter()
        gz._lookup_key(k)
        cold.append((time.perf_counter() - t) * 1e6)
    for k in sample:
        gz.lookup_key(k)
    t = time.perf_counter()
    for k in sample:
        gz.lookup_key(k)
    warm = (time.perf_counter() - t) * 1e6 / len(sample)
    cold.sort()
    print(
        f"lookup over {len(sample):,} names: cold (SQLite index) median {statistics.median(cold):.0f} µs, "
        f"p95 {cold[int(0.95 * len(cold))]:.0f} µs; warm (LRU) {warm:.2f} µs; open {open_ms:.1f} ms"
    )
    gz.close()


def bench_docs(use_gwn: bool) -> None:
    from eventwatch import nlp
    from eventwatch.where import places_in_doc

    texts = [SEED.read_text(encoding="utf-8")] * 10
    if use_gwn and GWN.is_file():
        texts += [a.findtext("text") or "" for a in ET.parse(GWN).getroot().iter("article")]
    model = nlp.load()
    places_in_doc(model("Warm-up in Paris."))  # loads the gazetteer and word lists once
    started = time.perf_counter()
    docs = list(model.pipe(texts, batch_size=16))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    n_places = sum(len(places_in_doc(d)) for d in docs)
    where = time.perf_counter() - started
    print(
        f"{len(texts)} articles: spaCy parse {len(texts) / parse:.1f} articles/s; "
        f"places_in_doc {len(texts) / where:.1f} articles/s ({n_places} places); "
        f"parse+places = {parse / (parse + where):.2f}x parse-only throughput"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lookups", type=int, default=5000)
    ap.add_argument("--no-gwn", action="store_true", help="leave out the GeoWebNews texts")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = bench_build(Path(tmp))
        bench_lookup(path, args.lookups)
    bench_docs(not args.no_gwn)
    return 0


if __name__ == "__main__":
    sys.exit(main())
